package dev.ork.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.TestWorkflows;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rerun in place: the run keeps its id, succeeded tasks keep their outputs, attempts continue. */
class RedriveTest {
  private final EngineHarness h = new EngineHarness();

  private long launches(String task) {
    return h.executor.launchedTasks().stream().filter(task::equals).count();
  }

  private String failedInThirdTask() {
    var run = h.start(TestWorkflows.named("chain").task("a").task("b", "a").task("c", "b").task("d", "c").build(), "k1");
    h.deliverDue();
    h.succeed(run.runId(), "a", IntNode.valueOf(1));
    h.succeed(run.runId(), "b", IntNode.valueOf(2));
    h.fail(run.runId(), "c", "bug");
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.task(run.runId(), "d").status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
    return run.runId();
  }

  @Test
  void rerun_runsOnlyWhatDidNotSucceed_andSucceeds() {
    var runId = failedInThirdTask();
    var again = h.engine.control().rerun(runId, null, false, null);
    assertThat(again.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(again.tasksTerminal()).isEqualTo(2);
    assertThat(again.tasksFailed()).isZero();
    assertThat(again.error()).isNull();
    h.deliverDue();
    assertThat(h.task(runId, "c").attempt()).isEqualTo(2); // attempt numbers continue
    h.succeed(runId, "c", null);
    h.succeed(runId, "d", null);
    var done = h.run(runId);
    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.idempotencyKey()).isEqualTo("k1");
    assertThat(launches("a")).isOne();
    assertThat(launches("b")).isOne();
    assertThat(launches("c")).isEqualTo(2);
    assertThat(h.task(runId, "a").output()).isEqualTo(IntNode.valueOf(1));
    assertThat(h.task(runId, "d").attempt()).isOne();
  }

  @Test
  void rerunTwice_isIdempotent() {
    var runId = failedInThirdTask();
    h.engine.control().rerun(runId, null, false, null);
    int queued = h.dispatch.waiting();
    var tasks = h.runs.tasks(runId);
    var second = h.engine.control().rerun(runId, null, false, null);
    assertThat(second.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(h.dispatch.waiting()).isEqualTo(queued);
    assertThat(h.runs.tasks(runId)).isEqualTo(tasks);
    h.deliverDue();
    assertThat(launches("c")).isEqualTo(2);
  }

  @Test
  void rerunTask_withDownstream_runsItAndItsDescendants_only() {
    var run = h.start(TestWorkflows.named("abc").task("a").task("b", "a").task("c", "b").build());
    h.deliverDue();
    for (var t : List.of("a", "b", "c")) h.succeed(run.runId(), t, null);
    h.engine.control().rerun(run.runId(), "b", true, null);
    h.deliverDue();
    assertThat(h.task(run.runId(), "c").status()).isEqualTo(TaskStatus.PENDING);
    h.succeed(run.runId(), "b", null);
    h.succeed(run.runId(), "c", null);
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(List.of(launches("a"), launches("b"), launches("c"))).containsExactly(1L, 2L, 2L);
  }

  @Test
  void rerunTask_withoutDownstream_keepsSucceededDescendants() {
    var run = h.start(TestWorkflows.named("abc").task("a").task("b", "a").task("c", "b").build());
    h.deliverDue();
    for (var t : List.of("a", "b", "c")) h.succeed(run.runId(), t, null);
    h.engine.control().rerun(run.runId(), "b", false, null);
    h.deliverDue();
    h.succeed(run.runId(), "b", null);
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(List.of(launches("a"), launches("b"), launches("c"))).containsExactly(1L, 2L, 1L);
  }

  @Test
  void rerun_ofCancelledRun_continuesIt_andGivesRetriesAgain() {
    var run = h.start(TestWorkflows.named("r").task("a", 1, null).task("b").build());
    h.deliverDue();
    h.succeed(run.runId(), "b", null);
    h.fail(run.runId(), "a", "x");
    h.engine.control().cancel(run.runId(), "orphaned: test");
    h.engine.control().rerun(run.runId(), null, false, "cli:new-owner");
    assertThat(h.run(run.runId()).triggeredBy()).isEqualTo("cli:new-owner");
    h.deliverDue();
    var a = h.task(run.runId(), "a");
    assertThat(a.attempt()).isEqualTo(3);
    assertThat(a.maxAttempts()).isEqualTo(4);
    h.fail(run.runId(), "a", "again");
    assertThat(h.task(run.runId(), "a").status()).isEqualTo(TaskStatus.RETRY_WAIT); // its retry budget is back
    assertThat(launches("b")).isOne();
  }

  @Test
  void rerun_refusesASucceededRunWithoutTask_andAnUnknownTask() {
    var run = h.start(TestWorkflows.named("one").task("a").build());
    h.deliverDue();
    h.succeed(run.runId(), "a", null);
    assertThatThrownBy(() -> h.engine.control().rerun(run.runId(), null, false, null))
        .isInstanceOf(EngineException.class).hasMessageContaining("nothing to rerun");
    assertThatThrownBy(() -> h.engine.control().rerun(run.runId(), "zz", false, null))
        .isInstanceOf(EngineException.class).hasMessageContaining("has no task 'zz'");
  }
}
