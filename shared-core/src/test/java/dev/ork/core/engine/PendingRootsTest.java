package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.RunStatus;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.FanoutWorkflows;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.testing.TestWorkflows;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inline dispatch (the AWS wiring's and the local runtime's settings): a run's activation sends its roots' dispatch messages without writing them
 * QUEUED (DecideRun.queueRoots); the dispatcher claims such a root from PENDING, fenced like an inline claim.
 */
class PendingRootsTest {
  private final EngineHarness h = new EngineHarness(new InMemoryRunStore(), EngineSettings.serverless());

  @Test
  void activation_sendsTheRootsMessages_andLeavesThemPending_untilADispatcherClaimsThem() {
    var run = h.start(TestWorkflows.named("r").task("a").task("b").task("c", "a", "b").build());

    assertThat(h.task(run.runId(), "a").status()).isEqualTo(PENDING);
    assertThat(h.dispatch.sent()).containsExactlyInAnyOrder(new DispatchMessage(run.runId(), "a", 1),
        new DispatchMessage(run.runId(), "b", 1));
    h.deliverDue();
    assertThat(h.task(run.runId(), "a").status()).isEqualTo(RUNNING);
    assertThat(h.task(run.runId(), "a").attempt()).isEqualTo(1);
    assertThat(h.task(run.runId(), "c").status()).isEqualTo(PENDING);
  }

  @Test
  void aRootsMessageDeliveredTwice_launchesItOnce() {
    var run = h.start(TestWorkflows.named("d").task("a").build());
    var message = h.dispatch.takeDue(null);

    h.redeliver(message);
    h.redeliver(message);
    h.succeed(run.runId(), "a", null);
    h.redeliver(message);

    assertThat(h.executor.launchedTasks()).containsExactly("a");
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void aLostRootsMessage_leavesItPendingAndReady_andTheStaleRunSweepQueuesIt() {
    var run = h.start(TestWorkflows.named("l").task("a").build());
    h.dispatch.takeDue(null); // lost

    h.clock.advance(Duration.ofMinutes(6));
    h.engine.control().sweep(10);
    h.deliverDue();

    assertThat(h.task(run.runId(), "a").status()).isEqualTo(RUNNING);
    h.succeed(run.runId(), "a", null);
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.executor.launchedTasks()).containsExactly("a");
  }

  @Test
  void aRootOfAPausedRun_staysPending_andResumeQueuesAndLaunchesIt() {
    var run = h.start(TestWorkflows.named("p").task("a").build());
    h.engine.control().pause(run.runId());

    h.deliverDue();
    assertThat(h.task(run.runId(), "a").status()).isEqualTo(PENDING);
    h.engine.control().resume(run.runId());
    h.deliverDue();

    assertThat(h.task(run.runId(), "a").status()).isEqualTo(RUNNING);
    assertThat(h.executor.launchedTasks()).containsExactly("a");
  }

  @Test
  void aRepeatedActivation_sendsTheRootsNoSecondMessage() {
    var run = h.start(TestWorkflows.named("twice").task("a").build());
    int sent = h.dispatch.sent().size();

    h.engine.control().reconcile(run.runId()); // the run is running: a reconcile, as the sweep's, queues the ready root
    h.engine.control().activate(run.runId());

    assertThat(h.dispatch.sent()).hasSize(sent + 1);
    h.deliverDue();
    assertThat(h.executor.launchedTasks()).containsExactly("a");
  }

  @Test
  void aRootThatWaitsForAPool_isStillQueued_andWokenWhenASlotIsGivenBack() {
    h.engine.slots().setSlots("one", 1);
    var wf = FanoutWorkflows.compile("""
        name: pooled
        tasks:
          a: {executor: process, command: "true", pool: one}
          b: {executor: process, command: "true", pool: one}
        """);
    var run = h.start(wf).runId();

    h.deliverDue();

    assertThat(List.of(h.task(run, "a").status(), h.task(run, "b").status())).containsExactlyInAnyOrder(RUNNING, QUEUED);
    var first = h.task(run, "a").status() == RUNNING ? "a" : "b";
    h.succeed(run, first, null);
    h.deliverDue();
    h.succeed(run, first.equals("a") ? "b" : "a", null);
    assertThat(h.run(run).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void recheckWaiting_sendsAgainARootThatAnotherProcessActivated() {
    var wf = FanoutWorkflows.compile("""
        name: serial
        max_active_runs: 1
        tasks:
          only: {executor: process, command: "true"}
        """);
    var run = h.start(wf).runId();
    h.dispatch.takeDue(null); // the activation's message went to the process that released the slot

    h.engine.control().recheckWaiting(run); // this process, the run's owner, re-checks what waits
    h.deliverDue();

    assertThat(h.task(run, "only").status()).isEqualTo(RUNNING);
    h.engine.control().recheckWaiting(run); // claimed: nothing sent again
    assertThat(h.dispatch.waiting()).isZero();
  }

  @Test
  void withoutInlineDispatch_rootsAreQueued() {
    var local = new EngineHarness(new InMemoryRunStore(), EngineSettings.defaults());
    var run = local.start(TestWorkflows.named("local").task("a").build());

    assertThat(local.task(run.runId(), "a").status()).isEqualTo(QUEUED);
  }
}
