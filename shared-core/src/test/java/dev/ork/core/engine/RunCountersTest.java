package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.RunStore;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.testing.TestWorkflows;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The run's counters are a hint (DynamoDB counts apart from the task write): task items decide completion. */
class RunCountersTest {

  @Test
  void reconcile_completesTheRun_whenACrashLeftTheCountShort() {
    var h = new EngineHarness();
    var run = h.start(TestWorkflows.named("short").task("a").build());
    h.deliverDue();
    // the task write landed, the handler died before counting it on the run
    h.runs.transitionTask(run.runId(), "a", Set.of(DISPATCHED, RUNNING), 1, TaskPatch.to(SUCCEEDED).finishedAt(h.clock.now()));
    assertThat(h.run(run.runId()).tasksTerminal()).isZero();
    h.engine.control().reconcile(run.runId());
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void finish_doesNotCompleteTheRun_whenTheCountRunsAheadOfTheTasks() {
    var h = new EngineHarness(overcounting(new InMemoryRunStore()));
    var run = h.start(TestWorkflows.named("ahead").task("a").task("b").build());
    h.deliverDue();
    h.succeed(run.runId(), "a", null);
    assertThat(h.run(run.runId()).status()).as("b is still in flight").isEqualTo(RunStatus.RUNNING);
    h.succeed(run.runId(), "b", null);
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  /** A store whose finishTask reports every task counted (as a retried, double-applied ADD could). */
  private static RunStore overcounting(RunStore store) {
    return (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(), new Class<?>[] {RunStore.class},
        (proxy, method, args) -> {
          var result = method.invoke(store, args);
          if (method.getName().equals("finishTask") && result instanceof Optional<?> o && o.isPresent()) {
            var r = (Run) o.get();
            return Optional.of(new Run(r.runId(), r.workflowName(), r.snapshotHash(), r.status(), r.triggeredBy(),
                r.idempotencyKey(), r.overrides(), r.taskCount(), r.taskCount(), r.tasksFailed(), r.error(),
                r.createdAt(), r.startedAt(), r.finishedAt()));
          }
          return result;
        });
  }
}
