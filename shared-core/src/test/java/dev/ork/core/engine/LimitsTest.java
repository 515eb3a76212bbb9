package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.FanoutWorkflows;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LimitsTest {
  private final EngineHarness h = new EngineHarness();

  private long inFlight(List<String> runIds) {
    return runIds.stream().flatMap(r -> h.runs.tasks(r).stream()).filter(t -> t.status().isInFlight()).count();
  }

  @Test
  void poolOfTwo_sharedByTwoRuns_neverRunsMoreThanTwo_andWakesWaitersOldestFirst() {
    h.engine.slots().setSlots("api", 2);
    var wf = FanoutWorkflows.compile("""
        name: pooled
        tasks:
          a: {executor: process, command: "true", pool: api}
          b: {executor: process, command: "true", pool: api}
          c: {executor: process, command: "true", pool: api}
        """);
    var r1 = h.start(wf).runId();
    var r2 = h.start(wf).runId();
    h.deliverDue();
    var runs = List.of(r1, r2);
    assertThat(inFlight(runs)).isEqualTo(2);
    assertThat(h.task(r2, "a").status()).isEqualTo(QUEUED);
    assertThat(h.engine.waitingReason(h.run(r2), h.task(r2, "a"))).isEqualTo("for a slot of pool api (2/2 in use)");
    assertThat(h.engine.waitingReason(h.run(r1), h.task(r1, "a"))).as("not queued: not waiting").isNull();
    for (int i = 0; i < 20 && !(h.run(r1).status().isTerminal() && h.run(r2).status().isTerminal()); i++) {
      var running = runs.stream().flatMap(r -> h.runs.tasks(r).stream()).filter(t -> t.status().isInFlight()).findFirst();
      if (running.isEmpty()) break;
      h.succeed(running.get().runId(), running.get().taskName(), null);
      assertThat(inFlight(runs)).isLessThanOrEqualTo(2);
    }
    assertThat(h.run(r1).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.run(r2).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.executor.launches()).hasSize(6);
    assertThat(h.engine.slots().holders("api", 2)).isEmpty();
  }

  @Test
  void maxActiveRuns_one_runsThreeStartsOneAfterAnother_inCreationOrder() {
    var wf = FanoutWorkflows.compile("""
        name: serial
        max_active_runs: 1
        tasks:
          only: {executor: process, command: "true"}
        """);
    var ids = List.of(h.start(wf).runId(), h.start(wf).runId(), h.start(wf).runId());
    h.deliverDue();
    assertThat(ids.stream().map(id -> h.run(id).status())).containsExactly(RunStatus.RUNNING, RunStatus.PENDING, RunStatus.PENDING);
    h.succeed(ids.get(0), "only", null);
    assertThat(ids.stream().map(id -> h.run(id).status())).containsExactly(RunStatus.SUCCEEDED, RunStatus.RUNNING, RunStatus.PENDING);
    h.engine.control().cancel(ids.get(1), "stop");
    assertThat(h.run(ids.get(2)).status()).isEqualTo(RunStatus.RUNNING);
    h.deliverDue();
    h.succeed(ids.get(2), "only", null);
    assertThat(h.run(ids.get(2)).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void maxActiveTasks_boundsOneRun_andAFailedAttemptGivesItsSlotBack() {
    var wf = FanoutWorkflows.compile("""
        name: narrow
        max_active_tasks: 1
        tasks:
          a: {executor: process, command: "true", retries: 1}
          b: {executor: process, command: "true"}
        """);
    var run = h.start(wf).runId();
    h.deliverDue();
    assertThat(h.executor.launchedTasks()).hasSize(1);
    var first = h.executor.launchedTasks().getFirst();
    var other = first.equals("a") ? "b" : "a";
    if (first.equals("a")) h.fail(run, "a", "x"); else h.succeed(run, "b", null);
    assertThat(h.executor.launchedTasks()).hasSize(2).endsWith(other);
  }

  @Test
  void sweep_returnsTheSlotOfAHolderThatDiedBeforeGivingItBack() {
    h.engine.slots().setSlots("one", 1);
    var wf = FanoutWorkflows.compile("""
        name: crashy
        tasks:
          a: {executor: process, command: "true", pool: one}
          b: {executor: process, command: "true", pool: one}
        """);
    var run = h.start(wf).runId();
    h.deliverDue();
    var holder = h.executor.launchedTasks().getFirst();
    var waiter = holder.equals("a") ? "b" : "a";
    // the holder's attempt ends, but as if its handler died before the release
    h.runs.finishTask(run, holder, Set.of(DISPATCHED, RUNNING), 1, TaskPatch.to(SUCCEEDED).finishedAt(h.clock.now()));
    assertThat(h.task(run, waiter).status()).isEqualTo(QUEUED);
    h.clock.advance(Duration.ofSeconds(1));
    h.engine.control().sweep(100);
    h.deliverDue();
    assertThat(h.executor.launchedTasks()).endsWith(waiter);
  }
}
