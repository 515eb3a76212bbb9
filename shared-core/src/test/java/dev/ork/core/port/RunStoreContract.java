package dev.ork.core.port;

import static dev.ork.core.port.ContractFixtures.at;
import static dev.ork.core.port.ContractFixtures.json;
import static dev.ork.core.port.ContractFixtures.run;
import static dev.ork.core.port.ContractFixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.RunStore.RunQuery;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link RunStore} must do. A backend's test extends this and supplies a fresh, empty
 * store per test. Run semantics pinned here beyond the port's javadoc: transitionRun to RUNNING sets
 * startedAt if it is unset, to a terminal status sets finishedAt, and a non-null error is stored;
 * transitionRun and finishTask count as the run's last change for {@link RunStore#runsStaleSince}.
 */
@ExtendWith(ContractTally.class)
public abstract class RunStoreContract {

  /** A fresh store that shares nothing with the stores of other tests. */
  protected abstract RunStore newStore();

  /** How many tasks the concurrency tests finish (override for slow backends). */
  protected int concurrencyTasks() {
    return 200;
  }

  protected RunStore store;

  @BeforeEach
  void setUpStore() {
    store = newStore();
  }

  /** Run ids unique across tests, for backends whose stores share one database. */
  protected static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private Run create(String runId, String workflow, int taskCount) {
    return store.createRun(run(runId, workflow, null, at(0), taskCount), tasks(runId, taskCount));
  }

  private TaskRun task(String runId, String name) {
    return store.task(runId, name).orElseThrow();
  }

  private TaskRun started(String runId, String name) {
    assertThat(store.transitionTask(runId, name, Set.of(TaskStatus.PENDING), 0,
        TaskPatch.to(TaskStatus.RUNNING).attempt(1).startedAt(at(1)))).isTrue();
    return task(runId, name);
  }

  // --- foreach: expandTask, createMissingTasks, countInstanceDone, instances ----------------------

  private static List<TaskRun> instanceRows(String runId, String task, int n) {
    var rows = new java.util.ArrayList<TaskRun>();
    for (int i = 0; i < n; i++) {
      rows.add(TaskRun.instance(runId, task, i, 2, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
          .objectNode().put("key", "part-" + i)));
    }
    return rows;
  }

  @Test
  void expandTask_startsTheTask_createsItsInstances_andCountsThemOnTheRun_once() {
    var runId = id("fx");
    create(runId, "wf", 2);
    var patch = TaskPatch.to(TaskStatus.RUNNING).attempt(1).startedAt(at(1));
    assertThat(store.expandTask(runId, "t0", Set.of(TaskStatus.PENDING), patch, instanceRows(runId, "t0", 12))).isTrue();
    assertThat(store.expandTask(runId, "t0", Set.of(TaskStatus.PENDING), patch, instanceRows(runId, "t0", 12))).isFalse();
    var parent = task(runId, "t0");
    assertThat(parent.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(parent.instances()).isEqualTo(12);
    assertThat(store.run(runId).orElseThrow().taskCount()).isEqualTo(14);
    var instances = store.instances(runId, "t0");
    assertThat(instances).extracting(TaskRun::taskName).containsExactly(
        "t0[0]", "t0[1]", "t0[2]", "t0[3]", "t0[4]", "t0[5]", "t0[6]", "t0[7]", "t0[8]",
        "t0[9]", "t0[10]", "t0[11]");
    assertThat(instances.get(10).item().get("key").asText()).isEqualTo("part-10");
    assertThat(instances.get(10).maxAttempts()).isEqualTo(2);
    assertThat(store.instances(runId, "t1")).isEmpty();
  }

  @Test
  void createMissingTasks_addsOnlyAbsentRows_andLeavesMovedOnesAlone() {
    var runId = id("fm");
    create(runId, "wf", 1);
    var rows = instanceRows(runId, "t0", 3);
    assertThat(store.createMissingTasks(runId, rows.subList(0, 1))).isEqualTo(1);
    assertThat(store.transitionTask(runId, "t0[0]", Set.of(TaskStatus.PENDING), 0,
        TaskPatch.to(TaskStatus.QUEUED).attempt(1))).isTrue();
    assertThat(store.createMissingTasks(runId, rows)).isEqualTo(2);
    assertThat(task(runId, "t0[0]").status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(store.run(runId).orElseThrow().taskCount()).isEqualTo(4);
  }

  @Test
  void countInstanceDone_addsOnePerCall_andReturnsTheRowAfterIt() {
    var runId = id("fc");
    create(runId, "wf", 1);
    store.expandTask(runId, "t0", Set.of(TaskStatus.PENDING), TaskPatch.to(TaskStatus.RUNNING).attempt(1), instanceRows(runId, "t0", 3));
    assertThat(store.countInstanceDone(runId, "t0").instancesDone()).isEqualTo(1);
    var after = store.countInstanceDone(runId, "t0");
    assertThat(after.instancesDone()).isEqualTo(2);
    assertThat(after.instances()).isEqualTo(3);
    assertThat(task(runId, "t0").instancesDone()).isEqualTo(2);
  }

  // --- createRun, run, tasks, task -------------------------------------------------------------

  @Test
  void createRun_storesRunAndTasks_whenNew() {
    var runId = id("r");
    var created = create(runId, "wf", 3);
    assertThat(created.runId()).isEqualTo(runId);
    var stored = store.run(runId).orElseThrow();
    assertThat(stored).isEqualTo(run(runId, "wf", null, at(0), 3));
    assertThat(store.tasks(runId)).extracting(TaskRun::taskName).containsExactlyInAnyOrder("t0", "t1", "t2");
    assertThat(task(runId, "t1")).isEqualTo(TaskRun.pending(runId, "t1", 3));
  }

  @Test
  void createRun_keepsEveryField_whenRunHasOptionalValues() {
    var runId = id("r");
    var full = new Run(runId, "wf", "h1", RunStatus.RUNNING, "schedule", id("k"),
        json("{\"load.batch\":5,\"x.name\":\"\\u00e9t\\u00e9\"}"), 1, 0, 0, "boom", at(0), at(1), null,
        at(-86400), at(-1), id("bf"));
    var task = new TaskRun(runId, "a", TaskStatus.RUNNING, 2, 4, "exec-1", json("{\"rows\":[1,2]}"),
        "err", at(1), at(2), null, at(60), at(3));
    store.createRun(full, List.of(task));
    assertThat(store.run(runId)).contains(full);
    assertThat(store.task(runId, "a")).contains(task);
  }

  @Test
  void createRun_returnsExistingRunAndWritesNothing_whenKeyReusedInWorkflow() {
    var key = id("key");
    var first = id("r");
    var second = id("r");
    store.createRun(run(first, "wf", key, at(0), 2), tasks(first, 2));
    var returned = store.createRun(run(second, "wf", key, at(5), 3), tasks(second, 3));
    assertThat(returned.runId()).isEqualTo(first);
    assertThat(returned.taskCount()).isEqualTo(2);
    assertThat(store.run(second)).isEmpty();
    assertThat(store.tasks(second)).isEmpty();
    assertThat(store.tasks(first)).hasSize(2);
  }

  @Test
  void runByKey_findsTheRunHoldingTheKey_inItsWorkflowOnly() {
    var key = id("key");
    var runId = id("r");
    store.createRun(run(runId, "wf", key, at(0), 1), tasks(runId, 1));
    assertThat(store.runByKey("wf", key)).map(Run::runId).contains(runId);
    assertThat(store.runByKey("other", key)).isEmpty();
    assertThat(store.runByKey("wf", id("unknown"))).isEmpty();
  }

  @Test
  void createRun_createsBoth_whenDifferentWorkflowsReuseKey() {
    var key = id("key");
    var a = id("r");
    var b = id("r");
    store.createRun(run(a, "wf-a", key, at(0), 1), tasks(a, 1));
    var returned = store.createRun(run(b, "wf-b", key, at(0), 1), tasks(b, 1));
    assertThat(returned.runId()).isEqualTo(b);
    assertThat(store.run(a)).isPresent();
    assertThat(store.run(b)).isPresent();
  }

  @Test
  void createRun_createsBoth_whenNoKey() {
    var a = id("r");
    var b = id("r");
    create(a, "wf", 1);
    create(b, "wf", 1);
    assertThat(store.run(a)).isPresent();
    assertThat(store.run(b)).isPresent();
  }

  @Test
  void lookups_areEmpty_whenUnknown() {
    assertThat(store.run(id("nope"))).isEmpty();
    assertThat(store.tasks(id("nope"))).isEmpty();
    assertThat(store.task(id("nope"), "t0")).isEmpty();
  }

  // --- transitionRun -----------------------------------------------------------------------------

  @Test
  void transitionRun_setsStartedAt_whenMovedToRunning() {
    var runId = id("r");
    create(runId, "wf", 1);
    assertThat(store.transitionRun(runId, Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(1), null)).isTrue();
    var r = store.run(runId).orElseThrow();
    assertThat(r.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(r.startedAt()).isEqualTo(at(1));
    assertThat(r.finishedAt()).isNull();
    assertThat(r.error()).isNull();
  }

  @Test
  void transitionRun_keepsFirstStartedAt_whenResumedFromPause() {
    var runId = id("r");
    create(runId, "wf", 1);
    store.transitionRun(runId, Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(1), null);
    store.transitionRun(runId, Set.of(RunStatus.RUNNING), RunStatus.PAUSED, at(2), null);
    assertThat(store.transitionRun(runId, Set.of(RunStatus.PAUSED), RunStatus.RUNNING, at(3), null)).isTrue();
    assertThat(store.run(runId).orElseThrow().startedAt()).isEqualTo(at(1));
  }

  @Test
  void transitionRun_setsFinishedAtAndError_whenMovedToTerminal() {
    var runId = id("r");
    create(runId, "wf", 1);
    store.transitionRun(runId, Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(1), null);
    assertThat(store.transitionRun(runId, EnumSet.of(RunStatus.RUNNING, RunStatus.PAUSED), RunStatus.FAILED,
        at(9), "task t0 failed")).isTrue();
    var r = store.run(runId).orElseThrow();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.finishedAt()).isEqualTo(at(9));
    assertThat(r.error()).isEqualTo("task t0 failed");
  }

  @Test
  void transitionRun_refusesAndChangesNothing_whenStatusNotInFrom() {
    var runId = id("r");
    create(runId, "wf", 1);
    assertThat(store.transitionRun(runId, Set.of(RunStatus.RUNNING), RunStatus.SUCCEEDED, at(1), "x")).isFalse();
    assertThat(store.run(runId).orElseThrow()).isEqualTo(run(runId, "wf", null, at(0), 1));
  }

  @Test
  void transitionRun_refuses_whenRunIsTerminal() {
    var runId = id("r");
    create(runId, "wf", 1);
    store.transitionRun(runId, Set.of(RunStatus.PENDING), RunStatus.CANCELLED, at(1), null);
    assertThat(store.transitionRun(runId, EnumSet.of(RunStatus.PENDING, RunStatus.RUNNING, RunStatus.PAUSED),
        RunStatus.RUNNING, at(2), null)).isFalse();
    assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void transitionRun_refuses_whenRunUnknown() {
    assertThat(store.transitionRun(id("nope"), Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(1), null)).isFalse();
    assertThat(store.run("nope")).isEmpty();
  }

  // --- transitionTask and patch semantics --------------------------------------------------------

  @Test
  void transitionTask_followsApplyTo_throughAFullAttemptCycle() {
    var runId = id("r");
    create(runId, "wf", 1);
    var steps = List.of(
        new Object[] {TaskStatus.PENDING, 0, TaskPatch.to(TaskStatus.QUEUED).attempt(1).queuedAt(at(1))},
        new Object[] {TaskStatus.QUEUED, 1, TaskPatch.to(TaskStatus.DISPATCHED).deadline(at(100))},
        new Object[] {TaskStatus.DISPATCHED, 1, TaskPatch.to(TaskStatus.RUNNING).executionId("exec-1").startedAt(at(2))},
        new Object[] {TaskStatus.RUNNING, 1, TaskPatch.to(TaskStatus.RETRY_WAIT).error("exit 1").retryAt(at(30))},
        new Object[] {TaskStatus.RETRY_WAIT, 1, TaskPatch.to(TaskStatus.QUEUED).attempt(2).queuedAt(at(31))},
        new Object[] {TaskStatus.QUEUED, 2, TaskPatch.to(TaskStatus.RUNNING).startedAt(at(32)).deadline(at(200))},
        new Object[] {TaskStatus.RUNNING, 2, TaskPatch.to(TaskStatus.DEFERRED).executionId("exec-2")},
        new Object[] {TaskStatus.DEFERRED, 2, TaskPatch.to(TaskStatus.RUNNING).deadline(null)});
    for (var step : steps) {
      var before = task(runId, "t0");
      var patch = (TaskPatch) step[2];
      assertThat(store.transitionTask(runId, "t0", Set.of((TaskStatus) step[0]), (Integer) step[1], patch))
          .as("step %s", patch).isTrue();
      assertThat(task(runId, "t0")).as("after %s", patch).isEqualTo(patch.applyTo(before));
    }
    var last = task(runId, "t0");
    assertThat(last.deadline()).isNull();
    assertThat(last.retryAt()).isEqualTo(at(30));
    assertThat(last.error()).isEqualTo("exit 1");
    assertThat(last.executionId()).isEqualTo("exec-2");
  }

  @Test
  void transitionTask_keepsDeadline_whenPatchDoesNotClearIt() {
    var runId = id("r");
    create(runId, "wf", 1);
    store.transitionTask(runId, "t0", Set.of(TaskStatus.PENDING), 0,
        TaskPatch.to(TaskStatus.DISPATCHED).attempt(1).deadline(at(50)));
    store.transitionTask(runId, "t0", Set.of(TaskStatus.DISPATCHED), 1, TaskPatch.to(TaskStatus.RUNNING));
    assertThat(task(runId, "t0").deadline()).isEqualTo(at(50));
  }

  @Test
  void transitionTask_clearsDeadline_whenPatchClearsIt() {
    var runId = id("r");
    create(runId, "wf", 1);
    store.transitionTask(runId, "t0", Set.of(TaskStatus.PENDING), 0,
        TaskPatch.to(TaskStatus.RUNNING).attempt(1).deadline(at(50)));
    var clear = new TaskPatch(null, null, null, null, null, null, null, null, null, null, true);
    assertThat(store.transitionTask(runId, "t0", Set.of(TaskStatus.RUNNING), 1, clear)).isTrue();
    var t = task(runId, "t0");
    assertThat(t.deadline()).isNull();
    assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
  }

  @Test
  void transitionTask_refusesAndChangesNothing_whenStatusNotInFrom() {
    var runId = id("r");
    create(runId, "wf", 1);
    assertThat(store.transitionTask(runId, "t0", Set.of(TaskStatus.QUEUED, TaskStatus.RUNNING), 0,
        TaskPatch.to(TaskStatus.DISPATCHED).executionId("x"))).isFalse();
    assertThat(task(runId, "t0")).isEqualTo(TaskRun.pending(runId, "t0", 3));
  }

  @Test
  void transitionTask_refusesAndChangesNothing_whenAttemptDiffers() {
    var runId = id("r");
    create(runId, "wf", 1);
    var running = started(runId, "t0");
    assertThat(store.transitionTask(runId, "t0", Set.of(TaskStatus.RUNNING), 2,
        TaskPatch.to(TaskStatus.DEFERRED))).isFalse();
    assertThat(store.transitionTask(runId, "t0", Set.of(TaskStatus.RUNNING), 0,
        TaskPatch.to(TaskStatus.DEFERRED))).isFalse();
    assertThat(task(runId, "t0")).isEqualTo(running);
  }

  @Test
  void transitionTask_refuses_whenTaskUnknown() {
    var runId = id("r");
    create(runId, "wf", 1);
    assertThat(store.transitionTask(runId, "ghost", Set.of(TaskStatus.PENDING), 0,
        TaskPatch.to(TaskStatus.QUEUED))).isFalse();
    assertThat(store.task(runId, "ghost")).isEmpty();
    assertThat(store.transitionTask(id("nope"), "t0", Set.of(TaskStatus.PENDING), 0,
        TaskPatch.to(TaskStatus.QUEUED))).isFalse();
  }

  @Test
  void transitionTask_refuses_whenTaskTerminal() {
    var runId = id("r");
    create(runId, "wf", 1);
    started(runId, "t0");
    store.finishTask(runId, "t0", Set.of(TaskStatus.RUNNING), 1, TaskPatch.to(TaskStatus.SUCCEEDED).finishedAt(at(5)));
    assertThat(store.transitionTask(runId, "t0", EnumSet.complementOf(EnumSet.of(TaskStatus.SUCCEEDED)), 1,
        TaskPatch.to(TaskStatus.RUNNING))).isFalse();
    assertThat(task(runId, "t0").status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void transitionTask_roundTripsOutputJson_whenOutputIsNested() {
    var runId = id("r");
    create(runId, "wf", 1);
    started(runId, "t0");
    var output = json("{\"rows\":[{\"id\":1,\"score\":0.5,\"tags\":[\"a\",\"\\u00fc\"]},{\"id\":2,\"ok\":true,"
        + "\"none\":null}],\"count\":2,\"big\":12345678901234,\"name\":\"line\\nbreak \\\"q\\\"\",\"empty\":{}}");
    assertThat(store.transitionTask(runId, "t0", Set.of(TaskStatus.RUNNING), 1,
        TaskPatch.to(TaskStatus.RUNNING).output(output))).isTrue();
    assertThat(task(runId, "t0").output()).isEqualTo(output);
    assertThat(store.tasks(runId).getFirst().output()).isEqualTo(output);
  }

  @Test
  void transitionTask_roundTripsScalarOutput_whenOutputIsNotAnObject() {
    var runId = id("r");
    create(runId, "wf", 2);
    started(runId, "t0");
    started(runId, "t1");
    store.transitionTask(runId, "t0", Set.of(TaskStatus.RUNNING), 1, TaskPatch.to(TaskStatus.RUNNING).output(json("42")));
    store.transitionTask(runId, "t1", Set.of(TaskStatus.RUNNING), 1, TaskPatch.to(TaskStatus.RUNNING).output(json("[\"x\"]")));
    assertThat(task(runId, "t0").output()).isEqualTo(json("42"));
    assertThat(task(runId, "t1").output()).isEqualTo(json("[\"x\"]"));
  }

  // --- maybe-stale reads -------------------------------------------------------------------------

  @Test
  void maybeStaleReads_returnWhatWasWritten_andEmptyForUnknown() {
    var runId = id("stale");
    create(runId, "wf", 2);
    store.transitionTask(runId, "t0", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.QUEUED).attempt(1));
    assertThat(store.runMaybeStale(runId)).map(Run::runId).contains(runId);
    assertThat(store.taskMaybeStale(runId, "t0")).map(TaskRun::status).contains(TaskStatus.QUEUED);
    assertThat(store.taskMaybeStale(runId, "t0")).map(TaskRun::attempt).contains(1);
    assertThat(store.runMaybeStale(id("nope"))).isEmpty();
    assertThat(store.taskMaybeStale(runId, "ghost")).isEmpty();
  }

  // --- finishTask --------------------------------------------------------------------------------

  @Test
  void finishTask_countsTerminalOnly_whenTaskSucceeds() {
    var runId = id("r");
    create(runId, "wf", 2);
    var before = started(runId, "t0");
    var patch = TaskPatch.to(TaskStatus.SUCCEEDED).output(json("{\"n\":1}")).finishedAt(at(5));
    var after = store.finishTask(runId, "t0", Set.of(TaskStatus.RUNNING), 1, patch);
    assertThat(after).isPresent();
    assertThat(after.get().tasksTerminal()).isEqualTo(1);
    assertThat(after.get().tasksFailed()).isZero();
    assertThat(after.get().allTasksTerminal()).isFalse();
    assertThat(task(runId, "t0")).isEqualTo(patch.applyTo(before));
    assertThat(store.run(runId).orElseThrow().tasksTerminal()).isEqualTo(1);
  }

  @Test
  void finishTask_countsFailure_whenStatusIsNotSucceeded() {
    var runId = id("r");
    create(runId, "wf", 4);
    started(runId, "t0");
    started(runId, "t1");
    store.finishTask(runId, "t0", Set.of(TaskStatus.RUNNING), 1, TaskPatch.to(TaskStatus.FAILED).error("exit 2").finishedAt(at(5)));
    store.finishTask(runId, "t1", Set.of(TaskStatus.RUNNING), 1, TaskPatch.to(TaskStatus.TIMED_OUT).finishedAt(at(6)));
    store.finishTask(runId, "t2", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.UPSTREAM_FAILED).finishedAt(at(6)));
    var last = store.finishTask(runId, "t3", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.CANCELLED).finishedAt(at(7)));
    assertThat(last.orElseThrow().tasksTerminal()).isEqualTo(4);
    assertThat(last.orElseThrow().tasksFailed()).isEqualTo(4);
    assertThat(last.orElseThrow().allTasksTerminal()).isTrue();
    assertThat(task(runId, "t0").error()).isEqualTo("exit 2");
  }

  @Test
  void finishTask_refusesAndCountsNothing_whenAttemptDiffers() {
    var runId = id("r");
    create(runId, "wf", 1);
    var running = started(runId, "t0");
    assertThat(store.finishTask(runId, "t0", Set.of(TaskStatus.RUNNING), 2,
        TaskPatch.to(TaskStatus.SUCCEEDED).finishedAt(at(5)))).isEmpty();
    assertThat(task(runId, "t0")).isEqualTo(running);
    assertThat(store.run(runId).orElseThrow().tasksTerminal()).isZero();
  }

  @Test
  void finishTask_refusesAndCountsNothing_whenStatusNotInFrom() {
    var runId = id("r");
    create(runId, "wf", 1);
    assertThat(store.finishTask(runId, "t0", Set.of(TaskStatus.RUNNING), 0,
        TaskPatch.to(TaskStatus.FAILED).finishedAt(at(5)))).isEmpty();
    assertThat(store.run(runId).orElseThrow().tasksFailed()).isZero();
    assertThat(task(runId, "t0").status()).isEqualTo(TaskStatus.PENDING);
  }

  @Test
  void finishTask_countsOnce_whenSameFinishArrivesTwice() {
    var runId = id("r");
    create(runId, "wf", 2);
    started(runId, "t0");
    var patch = TaskPatch.to(TaskStatus.FAILED).finishedAt(at(5));
    assertThat(store.finishTask(runId, "t0", Set.of(TaskStatus.RUNNING), 1, patch)).isPresent();
    assertThat(store.finishTask(runId, "t0", Set.of(TaskStatus.RUNNING), 1, patch)).isEmpty();
    var r = store.run(runId).orElseThrow();
    assertThat(r.tasksTerminal()).isEqualTo(1);
    assertThat(r.tasksFailed()).isEqualTo(1);
  }

  @Test
  void finishTask_refuses_whenTaskUnknown() {
    var runId = id("r");
    create(runId, "wf", 1);
    assertThat(store.finishTask(runId, "ghost", Set.of(TaskStatus.PENDING), 0,
        TaskPatch.to(TaskStatus.SUCCEEDED))).isEmpty();
    assertThat(store.run(runId).orElseThrow().tasksTerminal()).isZero();
  }

  // --- markDependencySatisfied -----------------------------------------------------------------

  @Test
  void markDependencySatisfied_countsDistinctDependencies_whenRepeated() {
    var runId = id("r");
    create(runId, "wf", 3);
    assertThat(store.markDependencySatisfied(runId, "t2", "t0")).isEqualTo(1);
    assertThat(store.markDependencySatisfied(runId, "t2", "t0")).isEqualTo(1);
    assertThat(store.markDependencySatisfied(runId, "t2", "t1")).isEqualTo(2);
    assertThat(store.markDependencySatisfied(runId, "t1", "t0")).isEqualTo(1);
    assertThat(store.markDependencySatisfied(runId, "t2", "t1")).isEqualTo(2);
  }

  @Test
  void markDependencySatisfied_leavesTaskUnchanged_whenRecorded() {
    var runId = id("r");
    create(runId, "wf", 2);
    store.markDependencySatisfied(runId, "t1", "t0");
    assertThat(task(runId, "t1")).isEqualTo(TaskRun.pending(runId, "t1", 3));
  }

  // --- listRuns --------------------------------------------------------------------------------

  private List<Run> seedRuns(String wfA, String wfB) {
    var out = new ArrayList<Run>();
    for (int i = 0; i < 7; i++) {
      var runId = id("r" + i);
      var wf = i % 2 == 0 ? wfA : wfB;
      out.add(store.createRun(run(runId, wf, at(i)), List.of()));
      if (i % 3 == 0) {
        store.transitionRun(runId, Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(i + 1), null);
      }
    }
    return out;
  }

  private List<Run> allPages(RunQuery first, Set<Integer> pageSizes) {
    var all = new ArrayList<Run>();
    var cursor = first.cursor();
    int pages = 0;
    do {
      var page = store.listRuns(new RunQuery(first.workflowName(), first.status(), first.limit(), cursor));
      pageSizes.add(page.runs().size());
      all.addAll(page.runs());
      cursor = page.nextCursor();
      assertThat(++pages).as("pages").isLessThan(50);
    } while (cursor != null);
    return all;
  }

  @Test
  void listRuns_returnsNewestFirstAcrossPages_whenFilteredByWorkflow() {
    var wfA = id("wfa");
    var seeded = seedRuns(wfA, id("wfb"));
    var sizes = new HashSet<Integer>();
    var all = allPages(new RunQuery(wfA, null, 3, null), sizes);
    var expected = seeded.stream().filter(r -> r.workflowName().equals(wfA)).map(Run::runId).toList().reversed();
    assertThat(all).extracting(Run::runId).containsExactlyElementsOf(expected);
    assertThat(sizes).allMatch(s -> s <= 3);
  }

  @Test
  void listRuns_filtersByStatus_whenStatusGiven() {
    var wfA = id("wfa");
    var wfB = id("wfb");
    var seeded = seedRuns(wfA, wfB);
    var mine = seeded.stream().map(Run::runId).collect(java.util.stream.Collectors.toSet());
    var running = allPages(new RunQuery(null, RunStatus.RUNNING, 2, null), new HashSet<>()).stream()
        .filter(r -> mine.contains(r.runId())).toList();
    assertThat(running).extracting(Run::runId)
        .containsExactly(seeded.get(6).runId(), seeded.get(3).runId(), seeded.get(0).runId());
    assertThat(running).allMatch(r -> r.status() == RunStatus.RUNNING);
    var both = allPages(new RunQuery(wfA, RunStatus.RUNNING, 1, null), new HashSet<>());
    assertThat(both).extracting(Run::runId).containsExactly(seeded.get(6).runId(), seeded.get(0).runId());
    var pendingB = allPages(new RunQuery(wfB, RunStatus.PENDING, 10, null), new HashSet<>());
    assertThat(pendingB).extracting(Run::runId)
        .containsExactly(seeded.get(5).runId(), seeded.get(1).runId());
  }

  @Test
  void listRuns_listsEveryRun_whenUnfiltered() {
    var seeded = seedRuns(id("wfa"), id("wfb"));
    var mine = seeded.stream().map(Run::runId).collect(java.util.stream.Collectors.toSet());
    var sizes = new HashSet<Integer>();
    var listed = allPages(new RunQuery(null, null, 4, null), sizes).stream()
        .filter(r -> mine.contains(r.runId())).toList();
    assertThat(listed).extracting(Run::runId)
        .containsExactlyElementsOf(seeded.stream().map(Run::runId).toList().reversed());
    assertThat(sizes).allMatch(s -> s <= 4);
  }

  @Test
  void listRuns_isEmptyWithoutCursor_whenNothingMatches() {
    var page = store.listRuns(new RunQuery(id("none"), null, 10, null));
    assertThat(page.runs()).isEmpty();
    assertThat(page.nextCursor()).isNull();
  }

  // --- sweeps ----------------------------------------------------------------------------------

  @Test
  void tasksPastDeadline_returnsInFlightTasksDue_whenDeadlinesPassed() {
    var runId = id("r");
    create(runId, "wf", 6);
    var now = at(1_000_000);
    store.transitionTask(runId, "t0", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.DISPATCHED).attempt(1).deadline(now.minusSeconds(5)));
    store.transitionTask(runId, "t1", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.RUNNING).attempt(1).deadline(now));
    store.transitionTask(runId, "t2", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.DEFERRED).attempt(1).deadline(now.minusSeconds(1)));
    store.transitionTask(runId, "t3", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.RUNNING).attempt(1).deadline(now.plusSeconds(1)));
    // Not in flight any more, deadline kept: not due.
    store.transitionTask(runId, "t4", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.RUNNING).attempt(1).deadline(now.minusSeconds(9)));
    store.transitionTask(runId, "t4", Set.of(TaskStatus.RUNNING), 1, TaskPatch.to(TaskStatus.RETRY_WAIT));
    // Finished: not due.
    store.transitionTask(runId, "t5", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.RUNNING).attempt(1).deadline(now.minusSeconds(9)));
    store.finishTask(runId, "t5", Set.of(TaskStatus.RUNNING), 1, TaskPatch.to(TaskStatus.SUCCEEDED));
    var due = store.tasksPastDeadline(now, 100).stream().filter(t -> t.runId().equals(runId)).toList();
    assertThat(due).extracting(TaskRun::taskName).containsExactlyInAnyOrder("t0", "t1", "t2");
    assertThat(due).filteredOn(t -> t.taskName().equals("t2")).first()
        .isEqualTo(task(runId, "t2"));
  }

  @Test
  void tasksPastDeadline_includesTask_whenItReentersFlightWithKeptDeadline() {
    var runId = id("r");
    create(runId, "wf", 1);
    var now = at(1_000_000);
    store.transitionTask(runId, "t0", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.RUNNING).attempt(1).deadline(now.minusSeconds(5)));
    store.transitionTask(runId, "t0", Set.of(TaskStatus.RUNNING), 1, TaskPatch.to(TaskStatus.QUEUED));
    assertThat(store.tasksPastDeadline(now, 100)).noneMatch(t -> t.runId().equals(runId));
    store.transitionTask(runId, "t0", Set.of(TaskStatus.QUEUED), 1, TaskPatch.to(TaskStatus.DISPATCHED));
    assertThat(store.tasksPastDeadline(now, 100)).anyMatch(t -> t.runId().equals(runId));
    store.transitionTask(runId, "t0", Set.of(TaskStatus.DISPATCHED), 1, TaskPatch.to(TaskStatus.DISPATCHED).deadline(null));
    assertThat(store.tasksPastDeadline(now, 100)).noneMatch(t -> t.runId().equals(runId));
  }

  @Test
  void tasksPastDeadline_respectsLimit_whenManyAreDue() {
    var runId = id("r");
    create(runId, "wf", 5);
    for (int i = 0; i < 5; i++) {
      store.transitionTask(runId, "t" + i, Set.of(TaskStatus.PENDING), 0,
          TaskPatch.to(TaskStatus.RUNNING).attempt(1).deadline(at(i)));
    }
    assertThat(store.tasksPastDeadline(at(1_000_000), 2)).hasSize(2);
  }

  @Test
  void runsStaleSince_returnsNonTerminalRunsNotChanged_whenOlderThanCutoff() {
    var old = id("old");
    var fresh = id("fresh");
    var done = id("done");
    var touched = id("touched");
    var far = at(-10_000_000);
    store.createRun(run(old, "wf", far), tasks(old, 1));
    store.createRun(run(fresh, "wf", at(500)), tasks(fresh, 1));
    store.createRun(run(done, "wf", far), tasks(done, 1));
    store.transitionRun(done, Set.of(RunStatus.PENDING), RunStatus.SUCCEEDED, far.plusSeconds(1), null);
    store.createRun(run(touched, "wf", far), tasks(touched, 1));
    store.transitionRun(touched, Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(600), null);
    var stale = store.runsStaleSince(at(100), 1000).stream().map(Run::runId).toList();
    assertThat(stale).contains(old).doesNotContain(fresh, done, touched);
  }

  @Test
  void runsStaleSince_countsFinishTaskAsChange_whenTaskFinishesLate() {
    var runId = id("r");
    store.createRun(run(runId, "wf", null, at(-10_000_000), 2), tasks(runId, 2));
    store.transitionRun(runId, Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(-10_000_000), null);
    assertThat(store.runsStaleSince(at(100), 1000)).extracting(Run::runId).contains(runId);
    store.finishTask(runId, "t0", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.SUCCEEDED).finishedAt(at(700)));
    assertThat(store.runsStaleSince(at(100), 1000)).extracting(Run::runId).doesNotContain(runId);
  }

  @Test
  void runsStaleSince_respectsLimit_whenManyAreStale() {
    for (int i = 0; i < 4; i++) {
      var runId = id("s");
      store.createRun(run(runId, "wf", at(-20_000_000 + i)), List.of());
    }
    assertThat(store.runsStaleSince(at(-19_000_000), 3)).hasSize(3);
  }

  // --- concurrency ------------------------------------------------------------------------------

  @Test
  protected void finishTask_countsEveryTaskExactlyOnce_whenFinishedConcurrently() throws Exception {
    int n = concurrencyTasks();
    var runId = id("race");
    create(runId, "wf", n);
    for (int i = 0; i < n; i++) {
      started(runId, "t" + i);
    }
    var applied = new AtomicInteger();
    var sawAll = new AtomicInteger();
    var perTask = new ConcurrentHashMap<String, AtomicInteger>();
    var work = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      work.add("t" + i);
      work.add("t" + i); // every finish is delivered twice
    }
    Collections.shuffle(work, new java.util.Random(7));
    runConcurrently(16, work, name -> {
      var status = name.hashCode() % 5 == 0 ? TaskStatus.FAILED : TaskStatus.SUCCEEDED;
      var r = store.finishTask(runId, name, Set.of(TaskStatus.RUNNING), 1, TaskPatch.to(status).finishedAt(at(9)));
      if (r.isPresent()) {
        applied.incrementAndGet();
        perTask.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        if (r.get().tasksTerminal() == n) {
          sawAll.incrementAndGet();
        }
      }
    });
    var r = store.run(runId).orElseThrow();
    assertThat(applied).hasValue(n);
    assertThat(perTask).hasSize(n).allSatisfy((k, v) -> assertThat(v).hasValue(1));
    assertThat(r.tasksTerminal()).isEqualTo(n);
    var failed = store.tasks(runId).stream().filter(t -> t.status() == TaskStatus.FAILED).count();
    assertThat(r.tasksFailed()).isEqualTo((int) failed);
    // The returned run is the one right after this finish's count, so counts are distinct: exactly
    // one caller sees every task terminal (the engine's run completion is conditional anyway).
    assertThat(sawAll).hasValue(1);
  }

  @Test
  protected void markDependencySatisfied_losesNoUpdate_whenFanInMarkedConcurrently() throws Exception {
    int n = concurrencyTasks();
    var runId = id("fanin");
    create(runId, "wf", 1);
    var sawAll = new AtomicInteger();
    var maxSeen = new AtomicInteger();
    var deps = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      deps.add("dep" + i);
    }
    runConcurrently(16, deps, dep -> {
      int count = store.markDependencySatisfied(runId, "t0", dep);
      maxSeen.accumulateAndGet(count, Math::max);
      if (count == n) {
        sawAll.incrementAndGet();
      }
    });
    assertThat(sawAll).hasValue(1);
    assertThat(maxSeen).hasValue(n);
    assertThat(store.markDependencySatisfied(runId, "t0", "dep0")).isEqualTo(n);
  }

  /** Runs {@code action} once per item from {@code threads} threads, released together. */
  protected static void runConcurrently(int threads, List<String> items,
      java.util.function.Consumer<String> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      var start = new CountDownLatch(1);
      var futures = new ArrayList<Future<?>>();
      for (var item : items) {
        futures.add(pool.submit(() -> {
          start.await();
          action.accept(item);
          return null;
        }));
      }
      start.countDown();
      for (var f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
