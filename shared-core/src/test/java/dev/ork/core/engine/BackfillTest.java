package dev.ork.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ork.core.run.NewRun;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.schedule.CatchUp;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.FanoutWorkflows;
import dev.ork.core.testing.Overlap;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backfills on the in-memory engine: the cap, oldest first, idempotence and cancel as a whole. */
class BackfillTest {
  private static final Instant FROM = Instant.parse("2025-12-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-12-08T00:00:00Z");
  private final EngineHarness h = new EngineHarness();

  private CompiledWorkflow daily(String extra) {
    var wf = FanoutWorkflows.compile("""
        name: daily
        schedule: "cron(0 0 * * ? *)"
        %s
        tasks:
          load: {executor: process, command: "true"}
        """.formatted(extra));
    h.snapshots.register(wf, h.clock.now());
    return wf;
  }

  private List<Run> runsOf(Backfills.Created created) {
    return h.engine.backfills().slots(created.backfill()).stream().map(s -> h.run(s.run().runId())).toList();
  }

  @Test
  void sevenDailySlots_withMaxActiveTwo_neverRunMoreThanTwo_startOldestFirst_andCarryTheirIntervals() {
    daily("");
    var created = h.engine.backfills().create("daily", FROM, TO, 2, "test");
    h.deliverDue();
    assertThat(created.created()).isTrue();
    assertThat(created.backfill().slots()).isEqualTo(7);
    assertThat(created.slots().stream().map(s -> s.run().status()))
        .containsExactly(RunStatus.RUNNING, RunStatus.RUNNING, RunStatus.PENDING, RunStatus.PENDING, RunStatus.PENDING,
            RunStatus.PENDING, RunStatus.PENDING);
    for (int i = 0; i < 20; i++) {
      var running = runsOf(created).stream().filter(r -> r.status() == RunStatus.RUNNING).toList();
      if (running.isEmpty()) break;
      h.clock.advance(Duration.ofSeconds(7));
      h.succeed(running.getLast().runId(), "load", null); // the newer one first: waiters still start oldest first
      h.deliverDue();
    }
    var runs = runsOf(created);
    assertThat(runs).allMatch(r -> r.status() == RunStatus.SUCCEEDED);
    assertThat(Overlap.mostAtOnce(runs)).isEqualTo(2);
    var started = runs.stream().sorted(Comparator.comparing(Run::startedAt)).map(Run::intervalEnd).toList();
    assertThat(started.subList(2, 7)).isSorted();
    assertThat(runs.get(0).intervalStart()).isEqualTo(Instant.parse("2025-11-30T00:00:00Z"));
    assertThat(runs.get(0).intervalEnd()).isEqualTo(FROM);
    assertThat(runs.get(6).intervalEnd()).isEqualTo(Instant.parse("2025-12-07T00:00:00Z"));
    assertThat(runs).extracting(Run::idempotencyKey).containsExactlyElementsOf(
        created.slots().stream().map(s -> CatchUp.runKey("daily", s.fireTime())).toList());
    assertThat(h.engine.backfills().summary(created.backfill(), h.engine.backfills().slots(created.backfill())).status())
        .isEqualTo("succeeded");
  }

  @Test
  void repeatingABackfill_startsNothing_andNamesTheSameRuns() {
    daily("");
    var first = h.engine.backfills().create("daily", FROM, TO, 2, "test");
    int launches = h.deliverDue();
    var again = h.engine.backfills().create("daily", FROM, TO, 3, "test");
    assertThat(again.created()).isFalse();
    assertThat(again.backfill()).isEqualTo(first.backfill());
    assertThat(again.backfill().maxActive()).as("the first request's cap stays").isEqualTo(2);
    assertThat(again.slots().stream().map(s -> s.run().runId()))
        .containsExactlyElementsOf(first.slots().stream().map(s -> s.run().runId()).toList());
    assertThat(h.deliverDue()).isZero();
    assertThat(launches).isPositive();
    assertThat(h.executor.launches()).hasSize(2);
  }

  @Test
  void aSlotThatAlreadyHasARun_isReported_notStartedAgain_norCancelledWithTheBackfill() {
    daily("");
    var fire = Instant.parse("2025-12-03T00:00:00Z");
    var scheduled = h.engine.startRun(new NewRun("daily", null, "schedule", CatchUp.runKey("daily", fire), null,
        Instant.parse("2025-12-02T00:00:00Z"), fire));
    var created = h.engine.backfills().create("daily", FROM, TO, 7, "test");
    var slot = created.slots().stream().filter(s -> s.fireTime().equals(fire)).findFirst().orElseThrow();
    assertThat(slot.run().runId()).isEqualTo(scheduled.runId());
    assertThat(slot.ownedBy(created.backfill())).isFalse();
    h.engine.backfills().cancel(created.backfill().id());
    assertThat(h.run(scheduled.runId()).status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void cancel_cancelsEveryUnfinishedRun_stopsWhatRuns_andNothingStartsAfter() {
    daily("");
    var created = h.engine.backfills().create("daily", FROM, TO, 2, "test");
    h.deliverDue();
    h.succeed(created.slots().getFirst().run().runId(), "load", null);
    h.deliverDue();
    var cancelled = h.engine.backfills().cancel(created.backfill().id());
    h.deliverDue();
    assertThat(cancelled.cancelled()).isTrue();
    var runs = runsOf(created);
    assertThat(runs.getFirst().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(runs.subList(1, 7)).allMatch(r -> r.status() == RunStatus.CANCELLED);
    assertThat(h.executor.stops()).as("the two running").hasSize(2);
    assertThat(h.executor.launches()).hasSize(3);
    var summary = h.engine.backfills().summary(cancelled, h.engine.backfills().slots(cancelled));
    assertThat(summary.status()).isEqualTo("cancelled");
    assertThat(summary.counts()).containsEntry("cancelled", 6).containsEntry("succeeded", 1);
    assertThat(h.engine.backfills().cancel(created.backfill().id()).cancelledAt()).as("repeatable, first time kept")
        .isEqualTo(cancelled.cancelledAt());
    assertThat(h.engine.backfills().create("daily", FROM, TO, 2, "test").created()).isFalse();
    assertThat(h.deliverDue()).isZero();
  }

  @Test
  void defaultCap_isTheWorkflowsMaxActiveRuns_andBothCapsHold() {
    daily("max_active_runs: 3");
    var created = h.engine.backfills().create("daily", FROM, TO, null, "test");
    assertThat(created.backfill().maxActive()).isEqualTo(3);
    var capped = h.engine.backfills().create("daily", FROM.minus(Duration.ofDays(30)), FROM, 10, "test");
    h.deliverDue();
    var running = h.runs.listRuns(new dev.ork.core.port.RunStore.RunQuery("daily", RunStatus.RUNNING, 100, null)).runs();
    assertThat(running).as("max_active_runs bounds the workflow across backfills").hasSize(3);
    assertThat(capped.backfill().slots()).isEqualTo(30);
  }

  @Test
  void refusals_sayWhatIsWrong() {
    daily("");
    var b = h.engine.backfills();
    assertThatThrownBy(() -> b.create("daily", TO, FROM, 1, "t")).hasMessageContaining("must be before");
    assertThatThrownBy(() -> b.create("daily", FROM.plusSeconds(1), FROM.plusSeconds(60), 1, "t")).hasMessageContaining("no fire time");
    assertThatThrownBy(() -> b.create("daily", FROM, TO, 0, "t")).hasMessageContaining("between 1 and");
    assertThatThrownBy(() -> b.create("nope", FROM, TO, 1, "t")).isInstanceOf(EngineException.class)
        .hasMessageContaining("not registered");
    assertThatThrownBy(() -> b.create("daily", Instant.parse("1990-01-01T00:00:00Z"), TO, 1, "t"))
        .hasMessageContaining("at most " + Backfills.MAX_SLOTS);
    h.snapshots.register(FanoutWorkflows.compile("""
        name: manual
        tasks:
          a: {executor: process, command: "true"}
        """), h.clock.now());
    assertThatThrownBy(() -> b.create("manual", FROM, TO, 1, "t")).hasMessageContaining("has no schedule");
    assertThat(h.runs.listRuns(new dev.ork.core.port.RunStore.RunQuery(null, null, 100, null)).runs()).isEmpty();
  }
}
