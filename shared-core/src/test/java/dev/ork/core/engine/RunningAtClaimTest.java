package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.StateMachine.Transition;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.testing.TestWorkflows;
import dev.ork.core.testing.TransitionRecorder;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineSettings#runningAtClaim}: the claim of a task whose launch cannot be stopped (Lambda's
 * async invoke; here the harness's process tasks stand in for it) records the attempt RUNNING, so no
 * second write records the launch.
 */
class RunningAtClaimTest {
  private final TransitionRecorder recorder = new TransitionRecorder(new InMemoryRunStore());
  private final EngineHarness h = new EngineHarness(recorder,
      EngineSettings.serverless().withRunningAtClaim(Set.of("process")));

  private Set<Transition<TaskStatus>> seen() {
    return recorder.tasks;
  }

  @Test
  void claims_writeRunning_andTheLaunchWritesNothing_forRootAndInlineClaims() {
    var run = h.start(TestWorkflows.named("c").task("a", 0, Duration.ofSeconds(60)).task("b", 0, Duration.ofSeconds(60), "a").build());
    h.deliverDue();
    assertThat(h.task(run.runId(), "a").status()).isEqualTo(RUNNING);
    h.succeed(run.runId(), "a", null);
    assertThat(h.task(run.runId(), "b").status()).isEqualTo(RUNNING);
    h.succeed(run.runId(), "b", null);
    assertThat(h.run(run.runId()).status()).isEqualTo(dev.ork.core.run.RunStatus.SUCCEEDED);
    assertThat(seen()).extracting(t -> t.from() + "->" + t.to())
        .contains("PENDING->RUNNING") // the root sent pending by the activation, and the dependent claimed inline
        .doesNotContain("PENDING->QUEUED", "QUEUED->DISPATCHED", "PENDING->DISPATCHED", "DISPATCHED->RUNNING");
  }

  @Test
  void aQueuedClaim_writesRunning_andTheLaunchWritesNothing() {
    var wide = TestWorkflows.named("q").task("a", 0, Duration.ofSeconds(60));
    for (int i = 0; i <= DecideRun.INLINE_LAUNCH_MAX; i++) wide.task("d" + i, 0, Duration.ofSeconds(60), "a"); // too wide to launch inline
    var run = h.start(wide.build());
    h.deliverDue();
    h.succeed(run.runId(), "a", null);
    h.deliverDue();
    assertThat(h.task(run.runId(), "d0").status()).isEqualTo(RUNNING);
    assertThat(seen()).extracting(t -> t.from() + "->" + t.to()).contains("PENDING->QUEUED", "QUEUED->RUNNING")
        .doesNotContain("QUEUED->DISPATCHED", "DISPATCHED->RUNNING");
  }

  @Test
  void theExecutionId_isRecordedWithTheSuccess_sinceNoLaunchWriteKeptIt() {
    var run = h.start(TestWorkflows.named("e").task("a", 0, Duration.ofSeconds(60)).build());
    h.deliverDue();
    assertThat(h.task(run.runId(), "a").executionId()).isNull();
    h.status.send(new StatusUpdate(run.runId(), "a", 1, StatusUpdate.Kind.SUCCEEDED, null, null, "req-1", h.clock.now()));
    h.deliverDue();
    assertThat(h.task(run.runId(), "a").executionId()).isEqualTo("req-1");
  }

  @Test
  void aRefusedLaunch_failsTheRunningAttempt_andTheRetryIsClaimedRunningAgain() {
    var run = h.start(TestWorkflows.named("r").task("a", 1, Duration.ofSeconds(60)).build());
    h.executor.failNextLaunch("a", "throttled", true);
    h.deliverDue();
    var t = h.task(run.runId(), "a");
    assertThat(t.status()).isEqualTo(RETRY_WAIT);
    assertThat(t.error()).isEqualTo("launch failed: throttled");
    while (h.task(run.runId(), "a").status() != RUNNING) assertThat(h.advanceToNext()).isTrue();
    assertThat(h.task(run.runId(), "a").attempt()).isEqualTo(2);
    h.succeed(run.runId(), "a", null);
    assertThat(h.task(run.runId(), "a").status()).isEqualTo(SUCCEEDED);
  }

  @Test
  void aHandlerThatDiesBetweenTheClaimAndTheInvoke_leavesARunningAttempt_thatItsTimerTimesOut() {
    var run = h.start(TestWorkflows.named("d").task("a", 0, Duration.ofSeconds(60)).build());
    var claim = h.dispatch.takeDue(null); // the dispatcher claims, then dies before invoking
    var claimedAt = h.clock.now();
    h.runs.transitionTask(run.runId(), "a", Set.of(PENDING), 0, // a root, sent pending
        TaskPatch.to(RUNNING).attempt(claim.attempt()).startedAt(claimedAt).deadline(claimedAt.plusSeconds(60)));
    h.status.sendAfter(StatusUpdate.deadline(run.runId(), "a", 1, claimedAt.plusSeconds(60)), Duration.ofSeconds(60));
    assertThat(h.advanceToNext()).isTrue();
    var t = h.task(run.runId(), "a");
    assertThat(t.status()).isEqualTo(TIMED_OUT);
    assertThat(t.error()).isEqualTo("timed out after 60s");
    assertThat(h.executor.stops()).isEmpty(); // nothing to stop: no execution id
  }

  @Test
  void aTaskWithoutTimeout_orOneLongerThanTheLaunchGrace_isStillClaimedDispatched_thenRecordedRunning() {
    var run = h.start(TestWorkflows.named("n").task("none", 0, null).task("long", 0, Duration.ofHours(2)).build());
    h.deliverDue();
    assertThat(h.task(run.runId(), "none").status()).isEqualTo(RUNNING);
    assertThat(h.task(run.runId(), "long").status()).isEqualTo(RUNNING);
    assertThat(seen()).extracting(t -> t.from() + "->" + t.to()).contains("PENDING->DISPATCHED", "DISPATCHED->RUNNING")
        .doesNotContain("PENDING->RUNNING");
  }
}
