package dev.ork.core.port;

import static dev.ork.core.port.ContractFixtures.at;
import static dev.ork.core.port.ContractFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.run.DeferredJob;
import dev.ork.core.run.DeferredJob.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link DeferredJobStore} must do. A backend's test extends this and supplies a fresh,
 * empty store per test ({@link DeferredJobStore#jobsDue} looks at every job of the store, so stores
 * must not share jobs across tests). Pinned beyond the port's javadoc: every field of a job round-trips
 * exactly (instants to the nanosecond, {@code jobData} as JSON), and {@code jobsDue} breaks ties of
 * {@code nextPollAt} in a stable order.
 */
@ExtendWith(ContractTally.class)
public abstract class DeferredJobStoreContract {

  /** A fresh store that shares no jobs with the stores of other tests. */
  protected abstract DeferredJobStore newStore();

  /** How many threads race in the concurrency test (override for slow backends). */
  protected int racers() {
    return 16;
  }

  protected DeferredJobStore store;
  protected String runId;

  private static final Set<Status> OPEN = Set.of(Status.PENDING, Status.POLLING);

  @BeforeEach
  void setUpStore() {
    store = newStore();
    runId = "run-" + UUID.randomUUID();
  }

  protected static DeferredJob job(String runId, String task, int attempt, int index, Status status, Instant nextPollAt) {
    var data = json("{\"service_type\":\"custom_http\",\"job_id\":\"j-" + task + "-" + attempt + "-" + index
        + "\",\"url\":\"mock://success\"}");
    return new DeferredJob(runId, task, attempt, index, "custom_http", data.get("job_id").asText(), data, status,
        null, 0, nextPollAt, null, null);
  }

  private DeferredJob pending(String task, int attempt, int index, long dueSeconds) {
    return job(runId, task, attempt, index, Status.PENDING, at(dueSeconds));
  }

  @Test
  void createJobs_keepsTheFirst_whenTheSameIdentityIsCreatedAgain() {
    var first = pending("t", 1, 0, 0);
    store.createJobs(List.of(first));
    var second = new DeferredJob(runId, "t", 1, 0, "batch", "other", json("{\"job_id\":\"other\"}"), Status.POLLING,
        "changed", 3, at(50), at(1), null);
    store.createJobs(List.of(second, pending("t", 1, 1, 0)));
    var jobs = store.jobsOf(runId, "t", 1);
    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(0)).isEqualTo(first);
    assertThat(jobs.get(1).index()).isEqualTo(1);
  }

  @Test
  void createJobs_isANoOp_whenTheListIsEmpty() {
    store.createJobs(List.of());
    assertThat(store.jobsOf(runId, "t", 1)).isEmpty();
    assertThat(store.jobsDue(at(1_000), 10)).isEmpty();
  }

  @Test
  void jobsOf_returnsOneAttemptsJobsByIndex_whenOthersAreStored() {
    store.createJobs(List.of(pending("t", 1, 2, 0), pending("t", 1, 0, 0), pending("t", 1, 10, 0),
        pending("t", 1, 1, 0), pending("t", 2, 0, 0), pending("u", 1, 0, 0),
        job("other-" + runId, "t", 1, 3, Status.PENDING, at(0))));
    assertThat(store.jobsOf(runId, "t", 1)).extracting(DeferredJob::index).containsExactly(0, 1, 2, 10);
    assertThat(store.jobsOf(runId, "t", 2)).extracting(DeferredJob::index).containsExactly(0);
    assertThat(store.jobsOf(runId, "t", 3)).isEmpty();
    assertThat(store.jobsOf(runId, "nope", 1)).isEmpty();
  }

  @Test
  void jobsOf_keepsTasksApart_whenOneNameIsAPrefixOfAnother() {
    store.createJobs(List.of(pending("a", 1, 0, 0), pending("a#1", 1, 0, 0), pending("a", 11, 0, 0),
        pending("a_b", 1, 0, 0)));
    assertThat(store.jobsOf(runId, "a", 1)).extracting(DeferredJob::taskName, DeferredJob::attempt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 1));
    assertThat(store.jobsOf(runId, "a#1", 1)).hasSize(1);
  }

  @Test
  void jobsDue_returnsOnlyOpenDueJobsOldestFirst_whenSomeAreClosedOrLater() {
    var now = at(100);
    store.createJobs(List.of(
        pending("late", 1, 0, 30),
        pending("early", 1, 0, -50),
        job(runId, "polling", 1, 0, Status.POLLING, at(0)),
        pending("exactlyNow", 1, 0, 100),
        pending("future", 1, 0, 101),
        job(runId, "done", 1, 0, Status.COMPLETED, null),
        job(runId, "failed", 1, 0, Status.FAILED, null),
        job(runId, "cancelled", 1, 0, Status.CANCELLED, null)));
    assertThat(store.jobsDue(now, 100)).extracting(DeferredJob::taskName)
        .containsExactly("early", "polling", "late", "exactlyNow");
  }

  @Test
  void jobsDue_returnsTheOldestUpToLimit_whenMoreAreDue() {
    var jobs = new ArrayList<DeferredJob>();
    for (int i = 0; i < 30; i++) {
      jobs.add(pending("t" + i, 1, 0, 29 - i)); // t29 is the oldest
    }
    store.createJobs(jobs);
    assertThat(store.jobsDue(at(1_000), 5)).extracting(DeferredJob::taskName)
        .containsExactly("t29", "t28", "t27", "t26", "t25");
    assertThat(store.jobsDue(at(1_000), 100)).hasSize(30);
  }

  @Test
  void jobsDue_seesJobsOfManyRuns_whenTheyAreDue() {
    var runs = new ArrayList<String>();
    for (int i = 0; i < 12; i++) {
      var r = runId + "-" + i;
      runs.add(r);
      store.createJobs(List.of(job(r, "t", 1, 0, Status.PENDING, at(i))));
    }
    assertThat(store.jobsDue(at(100), 100)).extracting(DeferredJob::runId).containsExactlyElementsOf(runs);
  }

  @Test
  void updateJob_replacesTheJob_whenItsStatusIsAllowed() {
    var created = pending("t", 1, 0, 0);
    store.createJobs(List.of(created));
    var polled = created.with(Status.POLLING, "tracker error: boom", 2, at(10), at(1), null);
    assertThat(store.updateJob(polled, OPEN)).isTrue();
    assertThat(store.jobsOf(runId, "t", 1)).containsExactly(polled);
    assertThat(store.jobsDue(at(5), 10)).isEmpty();
    assertThat(store.jobsDue(at(10), 10)).containsExactly(polled);
  }

  @Test
  void updateJob_closesTheJob_andItIsNoLongerDue() {
    var created = pending("t", 1, 0, 0);
    store.createJobs(List.of(created));
    var done = created.with(Status.COMPLETED, null, 0, null, at(2), at(2));
    assertThat(store.updateJob(done, OPEN)).isTrue();
    assertThat(store.jobsDue(at(1_000), 10)).isEmpty();
    var stored = store.jobsOf(runId, "t", 1).get(0);
    assertThat(stored).isEqualTo(done);
    assertThat(stored.nextPollAt()).isNull();
    assertThat(stored.finishedAt()).isEqualTo(at(2));
  }

  @Test
  void updateJob_refuses_whenTheStoredStatusIsNotAllowed() {
    var created = pending("t", 1, 0, 0);
    store.createJobs(List.of(created));
    var cancelled = created.with(Status.CANCELLED, "run cancelled", 0, null, null, at(3));
    assertThat(store.updateJob(cancelled, OPEN)).isTrue();
    var late = created.with(Status.COMPLETED, null, 0, null, at(4), at(4));
    assertThat(store.updateJob(late, OPEN)).isFalse();
    assertThat(store.updateJob(late, Set.of(Status.POLLING))).isFalse();
    assertThat(store.jobsOf(runId, "t", 1)).containsExactly(cancelled);
  }

  @Test
  void updateJob_refuses_whenTheJobDoesNotExist() {
    var ghost = pending("ghost", 1, 0, 0);
    assertThat(store.updateJob(ghost.with(Status.POLLING, null, 0, at(1), at(0), null), OPEN)).isFalse();
    assertThat(store.jobsOf(runId, "ghost", 1)).isEmpty();
    assertThat(store.jobsDue(at(1_000), 10)).isEmpty();
  }

  @Test
  void updateJob_clearsTheError_whenTheUpdateCarriesNone() {
    var created = pending("t", 1, 0, 0);
    store.createJobs(List.of(created));
    var erred = created.with(Status.PENDING, "tracker error: x", 1, at(1), at(0), null);
    assertThat(store.updateJob(erred, OPEN)).isTrue();
    var cleared = new DeferredJob(runId, "t", 1, 0, erred.serviceType(), erred.jobId(), erred.jobData(), Status.POLLING,
        null, 0, at(2), at(1), null);
    assertThat(store.updateJob(cleared, OPEN)).isTrue();
    assertThat(store.jobsOf(runId, "t", 1)).containsExactly(cleared);
  }

  @Test
  void jobData_roundTripsAsJson_whenNestedAndUnicode() {
    JsonNode data = json("""
        {"service_type":"custom_http","job_id":"https://x/status?id=1&a=\\u00e9",
         "url":"https://x/status","method":"POST","headers":{"Authorization":"Bearer t","X-Empty":""},
         "nested":{"list":[1,2.5,-3,1e3,true,false,null,"s",{"k":[]}],"big":12345678901234567890},
         "unicode":"h\u00e9llo \u2603 \ud83d\ude80","quote":"a\\"b\\\\c\\n"}
        """);
    var created = new DeferredJob(runId, "t", 1, 0, "custom_http", data.get("job_id").asText(), data, Status.PENDING,
        null, 0, at(0), null, null);
    store.createJobs(List.of(created));
    var stored = store.jobsOf(runId, "t", 1).get(0);
    assertThat(stored.jobData()).isEqualTo(data);
    assertThat(stored.jobId()).isEqualTo("https://x/status?id=1&a=\u00e9");
    assertThat(stored).isEqualTo(created);
  }

  @Test
  void instants_roundTripToTheNanosecond_whenStored() {
    var t = Instant.parse("2026-03-04T05:06:07.123456789Z");
    var created = job(runId, "t", 7, 3, Status.PENDING, t);
    store.createJobs(List.of(created));
    var updated = created.with(Status.POLLING, "e", 4, t.plusNanos(1), t.minusNanos(1), null);
    assertThat(store.updateJob(updated, OPEN)).isTrue();
    var failed = updated.with(Status.FAILED, "boom", 4, null, t.plusSeconds(1), t.plusSeconds(1).plusNanos(7));
    assertThat(store.updateJob(failed, Set.of(Status.POLLING))).isTrue();
    assertThat(store.jobsOf(runId, "t", 7)).containsExactly(failed);
  }

  @Test
  protected void updateJob_letsExactlyOneWin_whenManyRaceFromTheSameStatus() throws Exception {
    var created = pending("t", 1, 0, 0);
    store.createJobs(List.of(created));
    int n = racers();
    var pool = Executors.newFixedThreadPool(n);
    try {
      var start = new CountDownLatch(1);
      var results = new ArrayList<Future<Boolean>>();
      for (int i = 0; i < n; i++) {
        var mine = created.with(i % 2 == 0 ? Status.COMPLETED : Status.FAILED, "racer-" + i, 0, null, at(1), at(1));
        results.add(pool.submit(() -> {
          start.await();
          return store.updateJob(mine, Set.of(Status.PENDING));
        }));
      }
      start.countDown();
      var winners = new ArrayList<Integer>();
      for (int i = 0; i < n; i++) {
        if (results.get(i).get(30, TimeUnit.SECONDS)) {
          winners.add(i);
        }
      }
      assertThat(winners).hasSize(1);
      var stored = store.jobsOf(runId, "t", 1).get(0);
      assertThat(stored.error()).isEqualTo("racer-" + winners.get(0));
      assertThat(stored.status()).isEqualTo(winners.get(0) % 2 == 0 ? Status.COMPLETED : Status.FAILED);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  protected void createJobs_storesEachJobOnce_whenManyCreateTheSameJobsConcurrently() throws Exception {
    var jobs = List.of(pending("t", 1, 0, 0), pending("t", 1, 1, 0), pending("t", 1, 2, 0));
    int n = Math.min(8, racers());
    var pool = Executors.newFixedThreadPool(n);
    try {
      var start = new CountDownLatch(1);
      var futures = new ArrayList<Future<?>>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          store.createJobs(jobs);
          return null;
        }));
      }
      start.countDown();
      for (var f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(store.jobsOf(runId, "t", 1)).containsExactlyElementsOf(jobs);
      assertThat(store.jobsDue(at(0), 100)).hasSize(3);
    } finally {
      pool.shutdownNow();
    }
  }
}
