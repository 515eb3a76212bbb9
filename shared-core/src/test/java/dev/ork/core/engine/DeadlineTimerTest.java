package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.StatusUpdate;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.testing.TestWorkflows;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The AWS wiring's deadlines: each claim sends one delayed deadline message, before its launch; no
 * sweep runs in these tests, so the messages alone must fail what never reports.
 */
class DeadlineTimerTest {

  private static EngineHarness harness() {
    return new EngineHarness(new InMemoryRunStore(), EngineSettings.serverless());
  }

  private static long timers(EngineHarness h) {
    return h.status.sent().stream().filter(u -> u.kind() == StatusUpdate.Kind.DEADLINE).count();
  }

  @Test
  void eachClaim_sendsOneTimer_dueAtTheClaimsDeadline() {
    var h = harness();
    var run = h.start(TestWorkflows.named("one").task("a", 0, Duration.ofSeconds(60)).build());
    h.deliverDue();
    assertThat(h.task(run.runId(), "a").status()).isEqualTo(RUNNING);
    assertThat(timers(h)).isEqualTo(1);
    assertThat(h.status.nextDue()).isEqualTo(h.task(run.runId(), "a").deadline());
  }

  @Test
  void aHolderThatNeverReports_isTimedOutByItsTimer_withoutASweep() {
    var h = harness();
    var run = h.start(TestWorkflows.named("lost").task("a", 0, Duration.ofSeconds(60)).build());
    h.deliverDue(); // launched; the executor (or the handler that launched it) dies: no report comes
    assertThat(h.advanceToNext()).isTrue();
    var t = h.task(run.runId(), "a");
    assertThat(t.status()).isEqualTo(TIMED_OUT);
    assertThat(h.run(run.runId()).status().isTerminal()).isTrue();
  }

  @Test
  void aRetriedAttempt_getsItsOwnTimer_andTheOldOneIsANoOp() {
    var h = harness();
    var run = h.start(TestWorkflows.named("retry").task("a", 1, Duration.ofSeconds(60)).build());
    h.deliverDue();
    h.fail(run.runId(), "a", "boom"); // attempt 1 fails before its deadline: retry after backoff
    while (h.task(run.runId(), "a").status() != RUNNING) assertThat(h.advanceToNext()).isTrue();
    assertThat(h.task(run.runId(), "a").attempt()).isEqualTo(2);
    assertThat(timers(h)).isEqualTo(2);
    while (h.advanceToNext()) { } // attempt 1's timer finds a later attempt; attempt 2's times it out
    var t = h.task(run.runId(), "a");
    assertThat(t.attempt()).isEqualTo(2);
    assertThat(t.status()).isEqualTo(TIMED_OUT);
  }

  @Test
  void aLongTimeout_runsFromTheLaunch_theClaimsTimerReDelaysItself() {
    var h = harness();
    var run = h.start(TestWorkflows.named("long").task("a", 0, Duration.ofHours(2)).build());
    h.deliverDue();
    var deadline = h.task(run.runId(), "a").deadline();
    assertThat(h.advanceToNext()).isTrue(); // the launch grace passed: the task runs, its deadline is later
    assertThat(h.task(run.runId(), "a").status()).isEqualTo(RUNNING);
    assertThat(h.status.nextDue()).isEqualTo(deadline);
    assertThat(h.advanceToNext()).isTrue();
    assertThat(h.task(run.runId(), "a").status()).isEqualTo(TIMED_OUT);
    assertThat(h.clock.now()).isEqualTo(deadline);
  }

  @Test
  void aTimerDeliveredTwice_afterTheTaskSucceeded_changesNothing() {
    var h = harness();
    var run = h.start(TestWorkflows.named("dup").task("a", 0, Duration.ofSeconds(60)).build());
    h.deliverDue();
    h.succeed(run.runId(), "a", null);
    var timer = h.status.sent().stream().filter(u -> u.kind() == StatusUpdate.Kind.DEADLINE).findFirst().orElseThrow();
    h.clock.advance(Duration.ofMinutes(2));
    h.redeliver(timer);
    h.redeliver(timer);
    assertThat(h.task(run.runId(), "a").status()).isEqualTo(SUCCEEDED);
    assertThat(h.run(run.runId()).status()).isEqualTo(dev.ork.core.run.RunStatus.SUCCEEDED);
  }
}
