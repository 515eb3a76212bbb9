package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ork.core.port.JobTracker.Poll;
import dev.ork.core.run.DeferredJob;
import dev.ork.core.run.RunStatus;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.TestWorkflows;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeferredJobsTest {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;
  private final EngineHarness h = new EngineHarness();

  private static JsonNode handOver(String... jobIds) {
    var out = J.objectNode().put("table", "events");
    var arr = out.putArray("deferred");
    for (var id : jobIds) arr.addObject().put("service_type", "scripted").put("job_id", id);
    return out;
  }

  private String startDeferring(int retries, String... jobIds) {
    var run = h.start(TestWorkflows.named("d").task("load", retries, Duration.ofHours(1)).task("after", "load").build());
    h.deliverDue();
    h.succeed(run.runId(), "load", handOver(jobIds));
    return run.runId();
  }

  @Test
  void handOver_storesJobs_andWaitsInDeferred_withTheRestOfTheOutput() {
    var runId = startDeferring(0, "j1", "j2");
    var t = h.task(runId, "load");
    assertThat(t.status()).isEqualTo(DEFERRED);
    assertThat(t.output()).isEqualTo(J.objectNode().put("table", "events"));
    assertThat(h.jobs.jobsOf(runId, "load", 1)).extracting(DeferredJob::jobId).containsExactly("j1", "j2");
  }

  @Test
  void taskSucceeds_onlyWhenAllJobsCompleted_evenWhenTheSecondFinishesLast() {
    var runId = startDeferring(0, "j1", "j2");
    h.tracker.answer("j1", new Poll.Completed());
    h.triggerer.pollDue(10);
    h.deliverDue();
    assertThat(h.task(runId, "load").status()).isEqualTo(DEFERRED);
    h.clock.advance(Duration.ofSeconds(10));
    h.tracker.answer("j2", new Poll.Completed());
    h.triggerer.pollDue(10);
    h.deliverDue();
    var t = h.task(runId, "load");
    assertThat(t.status()).isEqualTo(SUCCEEDED);
    assertThat(t.output()).isEqualTo(J.objectNode().put("table", "events"));
    assertThat(h.executor.launchedTasks()).containsExactly("load", "after");
  }

  @Test
  void oneJobFailing_failsTheTask_cancelsTheOthers_andPropagates() {
    var runId = startDeferring(0, "j1", "j2");
    h.tracker.answer("j1", new Poll.Failed("boom"));
    h.triggerer.pollDue(10);
    h.deliverDue();
    var t = h.task(runId, "load");
    assertThat(t.status()).isEqualTo(FAILED);
    assertThat(t.error()).isEqualTo("deferred job scripted j1 failed: boom");
    assertThat(h.task(runId, "after").status()).isEqualTo(UPSTREAM_FAILED);
    assertThat(h.tracker.cancels).containsExactly("j2");
    assertThat(h.jobs.jobsOf(runId, "load", 1)).extracting(DeferredJob::status)
        .containsExactly(DeferredJob.Status.FAILED, DeferredJob.Status.CANCELLED);
  }

  @Test
  void jobFailure_withRetriesLeft_retriesTheTask() {
    var runId = startDeferring(1, "j1");
    h.tracker.answer("j1", new Poll.Failed("boom"));
    h.triggerer.pollDue(10);
    h.deliverDue();
    assertThat(h.task(runId, "load").status()).isEqualTo(RETRY_WAIT);
    h.advanceToNext();
    assertThat(h.executor.launches()).hasSize(2);
  }

  @Test
  void trackerErrors_areRetried_thenFailTheJobAfterFiveInARow() {
    var runId = startDeferring(0, "j1");
    h.tracker.answer("j1", new java.io.IOException("connection reset"));
    for (int i = 0; i < 4; i++) {
      h.triggerer.pollDue(10);
      h.clock.advance(Duration.ofSeconds(10));
    }
    assertThat(h.task(runId, "load").status()).isEqualTo(DEFERRED);
    h.triggerer.pollDue(10);
    h.deliverDue();
    assertThat(h.task(runId, "load").error()).contains("tracker error 5 times in a row: connection reset");
  }

  @Test
  void pollsHappenOnlyWhenDue() {
    startDeferring(0, "j1");
    assertThat(h.triggerer.pollDue(10)).isEqualTo(1);
    assertThat(h.triggerer.pollDue(10)).isZero();
    h.clock.advance(Duration.ofSeconds(10));
    assertThat(h.triggerer.pollDue(10)).isEqualTo(1);
  }

  @Test
  void cancellingTheRun_cancelsOpenJobs() {
    var runId = startDeferring(0, "j1");
    h.engine.control().cancel(runId, "stop");
    assertThat(h.tracker.cancels).containsExactly("j1");
    assertThat(h.triggerer.pollDue(10)).isZero();
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void timeout_coversTheWait_andCancelsTheJobs() {
    var runId = startDeferring(0, "j1");
    h.clock.advance(Duration.ofHours(1));
    h.deliverDue();
    assertThat(h.task(runId, "load").status()).isEqualTo(TIMED_OUT);
    assertThat(h.tracker.cancels).containsExactly("j1");
  }

  @Test
  void duplicateHandOver_whileDeferred_changesNothing() {
    var runId = startDeferring(0, "j1");
    h.succeed(runId, "load", handOver("j1"));
    assertThat(h.task(runId, "load").status()).isEqualTo(DEFERRED);
    assertThat(h.jobs.jobsOf(runId, "load", 1)).hasSize(1);
  }

  @Test
  void unknownServiceType_orMissingJobId_failsTheAttemptWithWhatIsWrong() {
    var run = h.start(TestWorkflows.named("d").task("load").build());
    h.deliverDue();
    var out = J.objectNode();
    out.putArray("deferred").add(J.objectNode().put("service_type", "glue")).add(J.objectNode().put("job_id", "x"));
    h.succeed(run.runId(), "load", out);
    assertThat(h.task(run.runId(), "load").error())
        .isEqualTo("deferred[0]: needs a string service_type and a non-empty job_id; deferred[1]: needs a string service_type and a non-empty job_id");
    var run2 = h.start(TestWorkflows.named("e").task("load").build());
    h.deliverDue();
    var out2 = J.objectNode();
    out2.putArray("deferred").addObject().put("service_type", "glue").put("job_id", "x");
    h.succeed(run2.runId(), "load", out2);
    assertThat(h.task(run2.runId(), "load").error()).isEqualTo("deferred[0]: no tracker for service_type 'glue' (known: scripted)");
  }
}
