package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.testing.TestWorkflows;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run's watchdog ({@code StatusUpdate.Kind.WATCHDOG}, the AWS wiring's deadline timers, one per run):
 * delivered by hand here, with the claims' own per-attempt timers left undelivered, so the watchdog
 * alone decides.
 */
class RunWatchdogTest {

  private static EngineHarness harness() {
    return new EngineHarness(new InMemoryRunStore(), EngineSettings.serverless());
  }

  private static List<StatusUpdate> watchdogs(EngineHarness h) {
    return h.status.sent().stream().filter(u -> u.kind() == StatusUpdate.Kind.WATCHDOG).toList();
  }

  /** Two independent tasks, launched together: a with a 60 s timeout, b with 120 s. */
  private static String twoLaunched(EngineHarness h) {
    var run = h.start(TestWorkflows.named("two").task("a", 0, Duration.ofSeconds(60)).task("b", 0, Duration.ofSeconds(120)).build());
    h.deliverDue();
    assertThat(h.task(run.runId(), "a").status()).isEqualTo(RUNNING);
    assertThat(h.task(run.runId(), "b").status()).isEqualTo(RUNNING);
    return run.runId();
  }

  @Test
  void watchdog_timesOutTheAttemptsPastTheirDeadline_andIsSentAgainForTheEarliestLaterDeadline() {
    var h = harness();
    var runId = twoLaunched(h);
    var bDeadline = h.task(runId, "b").deadline();

    h.clock.advance(Duration.ofSeconds(60));
    h.redeliver(StatusUpdate.watchdog(runId, h.clock.now()));

    assertThat(h.task(runId, "a").status()).isEqualTo(TIMED_OUT);
    assertThat(h.task(runId, "a").error()).isEqualTo("timed out after 60s");
    assertThat(h.task(runId, "b").status()).isEqualTo(RUNNING);
    assertThat(watchdogs(h)).singleElement().satisfies(w -> {
      assertThat(w.runId()).isEqualTo(runId);
      assertThat(w.taskName()).isNull();
      assertThat(w.at()).isEqualTo(bDeadline);
    });
  }

  @Test
  void watchdog_thatFiresEarly_timesOutNothing_andIsSentAgainForTheEarliestDeadline() {
    var h = harness();
    var runId = twoLaunched(h);
    var aDeadline = h.task(runId, "a").deadline();

    h.clock.advance(Duration.ofSeconds(30));
    h.redeliver(StatusUpdate.watchdog(runId, h.clock.now()));

    assertThat(h.task(runId, "a").status()).isEqualTo(RUNNING);
    assertThat(h.task(runId, "b").status()).isEqualTo(RUNNING);
    assertThat(watchdogs(h)).singleElement().extracting(StatusUpdate::at).isEqualTo(aDeadline);
  }

  @Test
  void watchdog_endsItsChain_whenNothingIsInFlight() {
    var h = harness();
    var runId = twoLaunched(h);
    h.succeed(runId, "a", null);
    h.clock.advance(Duration.ofSeconds(200));
    h.redeliver(StatusUpdate.watchdog(runId, h.clock.now())); // times out b, the last one in flight

    h.redeliver(StatusUpdate.watchdog(runId, h.clock.now()));

    assertThat(h.task(runId, "b").status()).isEqualTo(TIMED_OUT);
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.FAILED);
    assertThat(watchdogs(h)).isEmpty();
  }

  @Test
  void watchdog_deliveredTwice_timesOutOnce_andRetriesOnce() {
    var h = harness();
    var run = h.start(TestWorkflows.named("retry").task("a", 1, Duration.ofSeconds(60)).build());
    h.deliverDue();
    h.clock.advance(Duration.ofSeconds(61));
    var watchdog = StatusUpdate.watchdog(run.runId(), h.clock.now());

    h.redeliver(watchdog);
    h.redeliver(watchdog);

    var a = h.task(run.runId(), "a");
    assertThat(a.status()).isEqualTo(RETRY_WAIT);
    assertThat(a.attempt()).isEqualTo(2);
    assertThat(h.dispatch.sent()).filteredOn(m -> m.taskName().equals("a") && m.attempt() == 2).hasSize(1);
  }

  @Test
  void watchdog_ofARunThatEnded_readsNoTasks_andSendsNothing() {
    var h = harness();
    var runId = twoLaunched(h);
    h.succeed(runId, "a", null);
    h.succeed(runId, "b", null);

    h.redeliver(StatusUpdate.watchdog(runId, h.clock.now().plus(Duration.ofMinutes(5))));

    assertThat(h.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(watchdogs(h)).isEmpty();
  }
}
