package dev.ork.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.compiler.WorkflowCompiler;
import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.Clock;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.infra.process.ProcessExecutor;
import dev.ork.infra.sqlite.SqliteDatabase;
import dev.ork.infra.sqlite.SqliteLogStore;
import dev.ork.infra.sqlite.SqliteRunStore;
import dev.ork.infra.sqlite.SqliteSnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ork's own scheduler tests (reference §10.1), carried over to the local runtime: SQLite, in-process
 * queues, worker threads and real processes.
 */
class LocalRuntimeTest {
  @TempDir Path root;
  private final SqliteDatabase db = SqliteDatabase.inMemory();
  private final SqliteRunStore runs = new SqliteRunStore(db);
  private final SqliteSnapshotStore snapshots = new SqliteSnapshotStore(db);
  private final SqliteLogStore logs = new SqliteLogStore(db);
  private final List<Throwable> errors = new ArrayList<>();
  private final AtomicReference<ProcessExecutor> processes = new AtomicReference<>();
  private LocalRuntime runtime;

  @AfterEach
  void close() {
    if (runtime != null) runtime.close();
    if (processes.get() != null) processes.get().close();
    db.close();
    assertThat(errors).as("engine errors seen by the workers").isEmpty();
  }

  private LocalRuntime start(TaskExecutor extra) {
    runtime = new LocalRuntime(snapshots, runs, statuses -> {
      var px = new ProcessExecutor(root, statuses, logs, Clock.system());
      processes.set(px);
      return extra == null ? new ExecutorRegistry(Map.of("process", px, "python", px))
          : new ExecutorRegistry(Map.of("process", extra, "python", px));
    }, Clock.system(), EngineSettings.defaults(), 4, errors::add);
    return runtime;
  }

  private CompiledWorkflow compile(String yaml) throws Exception {
    Files.writeString(root.resolve("not-executable.sh"), "echo hi\n");
    Files.writeString(root.resolve("flow.yaml"), yaml);
    var wf = new WorkflowCompiler().withFiles(dev.ork.infra.files.FileSystemWorkflowFiles.INSTANCE).compile(root.resolve("flow.yaml")).workflow();
    snapshots.register(wf, Instant.now());
    return wf;
  }

  private Run awaitEnd(String runId, Duration max) throws InterruptedException {
    long until = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < until) {
      var run = runs.run(runId).orElseThrow();
      if (run.status().isTerminal()) return run;
      Thread.sleep(5);
    }
    return runs.run(runId).orElseThrow();
  }

  private Run startRun(CompiledWorkflow wf) {
    return runtime.startRun(new NewRun(wf.name(), null, "test", null, null));
  }

  /**
   * Issue 9, item 5: a runtime whose idempotency key names another runtime's run does not own it (no
   * deadlines, sweeps or launches) until it takes it over; then the attempt the dead owner left running
   * fails as orphaned, is retried here, and the run ends.
   */
  @Test
  void keyedRunOfAnotherRuntime_isNotOwned_untilTakenOver_thenItsOrphanedAttemptIsRetried() throws Exception {
    var wf = compile("""
        name: attached
        tasks:
          a: {executor: process, command: 'true', retries: 1}
        """);
    var silent = new TaskExecutor() { // the owner: launches, then dies before anything reports
      @Override public String launch(TaskLaunch launch) { return "lost-" + launch.attempt(); }
      @Override public void stop(String runId, String task, int attempt, String executionId, String reason) { }
    };
    String runId;
    try (var owner = new LocalRuntime(snapshots, runs, statuses -> new ExecutorRegistry(Map.of("process", silent)),
        Clock.system(), EngineSettings.defaults(), 1, errors::add)) {
      runId = owner.startRun(new NewRun(wf.name(), null, "owner", "K", null)).runId();
      assertThat(owner.owns(runId)).isTrue();
      for (int i = 0; i < 500 && runs.task(runId, "a").orElseThrow().status() != TaskStatus.RUNNING; i++) Thread.sleep(10);
    }
    start(null);
    var attached = runtime.startRun(new NewRun(wf.name(), null, "attached", "K", null));
    assertThat(attached.runId()).isEqualTo(runId);
    assertThat(runtime.owns(runId)).as("attached, not owned").isFalse();
    assertThat(runs.task(runId, "a").orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);

    runtime.takeOver(runId, "orphaned: the owner died");
    assertThat(runtime.owns(runId)).isTrue();
    assertThat(awaitEnd(runId, Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(runs.task(runId, "a").orElseThrow().attempt()).isEqualTo(2);
  }

  @Test
  void chain_runsInOrder_withStartAndFinishTimes() throws Exception {
    var wf = compile("""
        name: chain
        tasks:
          a: {executor: process, command: 'echo a', timeout: 10}
          b: {executor: process, command: 'echo b', depends_on: [a], timeout: 10}
          c: {executor: process, command: 'echo c', depends_on: [b], timeout: 10}
        """);
    start(null);
    var run = awaitEnd(startRun(wf).runId(), Duration.ofSeconds(10));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    var a = runs.task(run.runId(), "a").orElseThrow();
    var b = runs.task(run.runId(), "b").orElseThrow();
    var c = runs.task(run.runId(), "c").orElseThrow();
    for (var t : List.of(a, b, c)) {
      assertThat(t.startedAt()).isNotNull();
      assertThat(t.finishedAt()).isAfterOrEqualTo(t.startedAt());
    }
    assertThat(b.startedAt()).isAfterOrEqualTo(a.finishedAt());
    assertThat(c.startedAt()).isAfterOrEqualTo(b.finishedAt());
    assertThat(logs.read(run.runId(), "b", 1)).contains("b");
  }

  /** The status worker launches what a finish released (inline dispatch); roots and wide releases go to the dispatchers. */
  @Test
  void finishedTask_launchesItsDependentsOnTheStatusWorker_butAWideReleaseGoesToTheDispatchers() throws Exception {
    var yaml = new StringBuilder("""
        name: inline
        tasks:
          a: {executor: process, command: 'true'}
          b: {executor: process, command: 'true', depends_on: [a]}
          c: {executor: process, command: 'true', depends_on: [b]}
        """);
    for (int i = 0; i < 11; i++) {
      yaml.append("  w").append(i).append(": {executor: process, command: 'true', depends_on: [c]}\n");
    }
    var wf = compile(yaml.toString());
    var launchedOn = new java.util.concurrent.ConcurrentHashMap<String, String>();
    runtime = new LocalRuntime(snapshots, runs, statuses -> {
      var px = new ProcessExecutor(root, statuses, logs, Clock.system());
      processes.set(px);
      TaskExecutor recording = new TaskExecutor() {
        @Override public String launch(TaskLaunch launch) throws LaunchException {
          launchedOn.put(launch.task().name(), Thread.currentThread().getName());
          return px.launch(launch);
        }
        @Override public void stop(String runId, String task, int attempt, String executionId, String reason) {
          px.stop(runId, task, attempt, executionId, reason);
        }
      };
      return new ExecutorRegistry(Map.of("process", recording));
    }, Clock.system(), EngineSettings.defaults(), 4, errors::add);
    var run = awaitEnd(startRun(wf).runId(), Duration.ofSeconds(20));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(launchedOn.get("a")).startsWith("ork-dispatch-");
    assertThat(launchedOn.get("b")).isEqualTo("ork-status");
    assertThat(launchedOn.get("c")).isEqualTo("ork-status");
    for (int i = 0; i < 11; i++) {
      assertThat(launchedOn.get("w" + i)).as("w" + i + " of a release of 11").startsWith("ork-dispatch-");
    }
  }

  @Test
  void pausedRun_leavesReadyTaskAlone_untilResumed() throws Exception {
    var wf = compile("""
        name: pause
        tasks:
          a: {executor: process, command: 'sleep 0.3'}
          b: {executor: process, command: 'true', depends_on: [a]}
        """);
    start(null);
    var runId = startRun(wf).runId();
    runtime.engine().control().pause(runId);
    Thread.sleep(700); // a was either held before it started, or ran to the end; b is held either way
    var a = runs.task(runId, "a").orElseThrow();
    var b = runs.task(runId, "b").orElseThrow();
    assertThat(a.status()).isIn(TaskStatus.PENDING, TaskStatus.SUCCEEDED); // a root is sent pending (inline dispatch): held pending
    assertThat(b.status()).isIn(TaskStatus.PENDING, TaskStatus.QUEUED);
    assertThat(b.startedAt()).isNull();
    assertThat(runs.run(runId).orElseThrow().status()).isEqualTo(RunStatus.PAUSED);
    runtime.engine().control().resume(runId);
    assertThat(awaitEnd(runId, Duration.ofSeconds(5)).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void dispatchFailure_withoutRetries_failsTaskAndRun() throws Exception {
    var wf = compile("""
        name: df
        tasks:
          a: {executor: process, file: not-executable.sh}
        """);
    start(null);
    var run = awaitEnd(startRun(wf).runId(), Duration.ofSeconds(5));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(runs.task(run.runId(), "a").orElseThrow().error()).startsWith("launch failed:");
  }

  @Test
  void dispatchFailure_thenSuccess_withOneRetry() throws Exception {
    var wf = compile("""
        name: df2
        tasks:
          a: {executor: process, command: 'true', retries: 1}
        """);
    var calls = new AtomicInteger();
    start(new TaskExecutor() {
      @Override
      public String launch(TaskLaunch launch) throws LaunchException {
        if (calls.incrementAndGet() == 1) throw new LaunchException("temporarily unavailable", true);
        return processes.get().launch(launch);
      }

      @Override
      public void stop(String runId, String task, int attempt, String executionId, String reason) {
        processes.get().stop(runId, task, attempt, executionId, reason);
      }
    });
    var run = awaitEnd(startRun(wf).runId(), Duration.ofSeconds(10));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(runs.task(run.runId(), "a").orElseThrow().attempt()).isEqualTo(2);
  }

  @Test
  void timeout_killsTheProcess_andFailsTheRun() throws Exception {
    var wf = compile("""
        name: to
        tasks:
          slow: {executor: process, command: 'sleep 30', timeout: 1}
        """);
    start(null);
    var run = awaitEnd(startRun(wf).runId(), Duration.ofSeconds(10)); // well before `sleep 30` ends
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    var slow = runs.task(run.runId(), "slow").orElseThrow();
    assertThat(slow.status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(slow.error()).isEqualTo("timed out after 1s");
    // The kill is asynchronous: wait (bounded) for the process to be reaped rather than a fixed sleep.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (processes.get().running() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
    assertThat(processes.get().running()).isZero();
  }

  @Test
  void timeout_firesFromTheDeadlineCheck_withNoDelayedMessageQueued() throws Exception {
    var wf = compile("""
        name: to2
        tasks:
          slow: {executor: process, command: 'sleep 30', timeout: 1}
        """);
    start(null);
    var runId = startRun(wf).runId();
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (runs.task(runId, "slow").orElseThrow().status() != TaskStatus.RUNNING && System.nanoTime() < until) Thread.sleep(5);
    assertThat(runs.task(runId, "slow").orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(runtime.queuedMessages()).as("no per-task deadline timer in the queue").isZero();
    var run = awaitEnd(runId, Duration.ofSeconds(10));
    var slow = runs.task(runId, "slow").orElseThrow();
    assertThat(slow.status()).isEqualTo(TaskStatus.TIMED_OUT);
    // 1 s timeout + at most one deadline-check interval, with slack for a busy machine
    assertThat(Duration.between(slow.startedAt(), slow.finishedAt())).isLessThan(Duration.ofMillis(2500));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void successWithOutput_storesItAndPassesItOn() throws Exception {
    var wf = compile("""
        name: out
        tasks:
          a:
            executor: process
            command: 'echo log line; echo "ORK_OUTPUT:{\\"ok\\": true}"'
            output_type: {ok: bool}
          b:
            executor: process
            command: 'echo "ORK_OUTPUT:$ORK_INPUT_JSON"'
            depends_on: [a]
            input_type: {ok: bool}
            output_type: {ok: bool}
            inputs: {ok: {ref: tasks.a.output.ok}}
        """);
    start(null);
    var run = awaitEnd(startRun(wf).runId(), Duration.ofSeconds(10));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(runs.task(run.runId(), "b").orElseThrow().output().get("ok").asBoolean()).isTrue();
    assertThat(logs.read(run.runId(), "a", 1)).contains("log line");
  }

  @Test
  void upstreamFailure_neverStartsTheDependent() throws Exception {
    var wf = compile("""
        name: up
        tasks:
          a: {executor: process, command: 'exit 1'}
          b: {executor: process, command: 'touch ran', depends_on: [a]}
        """);
    start(null);
    var run = awaitEnd(startRun(wf).runId(), Duration.ofSeconds(10));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(runs.task(run.runId(), "b").orElseThrow().status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
    assertThat(root.resolve("ran")).doesNotExist();
  }

  @Test
  void runtime_startsIdle_andClosesCleanly() {
    start(null);
    assertThat(runtime.queuedMessages()).isZero();
    runtime.close();
    runtime = null;
  }
}
