package dev.ork.bench;

import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.Clock;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.Run;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskRun;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.infra.local.LocalRuntime;
import dev.ork.infra.process.ProcessExecutor;
import dev.ork.infra.sqlite.SqliteDatabase;
import dev.ork.infra.sqlite.SqliteLogStore;
import dev.ork.infra.sqlite.SqliteRunStore;
import dev.ork.infra.sqlite.SqliteSnapshotStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The local wiring exactly as {@code ork run} builds it (SQLite stores, LocalRuntime, ProcessExecutor),
 * with two probes: a status-queue wrapper stamping System.nanoTime() when a task's report is sent, and
 * an executor wrapper stamping it when the engine calls launch.
 */
final class LocalHarness implements AutoCloseable {
  final SqliteDatabase db;
  final SignallingRunStore runs;
  final SqliteSnapshotStore snapshots;
  final LocalRuntime runtime;
  final Map<String, Long> reportedNs = new ConcurrentHashMap<>();
  final Map<String, Long> launchedNs = new ConcurrentHashMap<>();
  private final AtomicReference<ProcessExecutor> px = new AtomicReference<>();

  LocalHarness(String dbPath, Path root, int workers) {
    db = SqliteDatabase.open(dbPath);
    runs = new SignallingRunStore(new SqliteRunStore(db));
    snapshots = new SqliteSnapshotStore(db);
    var logs = new SqliteLogStore(db);
    runtime = new LocalRuntime(snapshots, runs, statuses -> {
      MessageQueue<StatusUpdate> stamped = new MessageQueue<>() {
        @Override public void send(StatusUpdate u) {
          reportedNs.put(u.runId() + ":" + u.taskName(), System.nanoTime());
          statuses.send(u);
        }
        @Override public void sendAfter(StatusUpdate u, Duration d) { statuses.sendAfter(u, d); }
      };
      var executor = new ProcessExecutor(root, stamped, logs, Clock.system());
      px.set(executor);
      TaskExecutor probe = new TaskExecutor() {
        @Override public String launch(TaskLaunch l) throws LaunchException {
          launchedNs.put(l.runId() + ":" + l.task().name(), System.nanoTime());
          return executor.launch(l);
        }
        @Override public void stop(String runId, String task, int attempt, String executionId, String reason) {
          executor.stop(runId, task, attempt, executionId, reason);
        }
      };
      return new ExecutorRegistry(Map.of("process", probe, "python", probe));
    }, Clock.system(), EngineSettings.defaults(), workers, e -> System.err.println("ork: internal error: " + e));
  }

  record Result(Run run, long startNs, long endNs, List<TaskRun> tasks) {
    double seconds() {
      return (endNs - startNs) / 1e9;
    }
  }

  /** Registers the workflow, starts a run, waits for its terminal transition. */
  Result run(CompiledWorkflow wf, boolean readTasks) throws Exception {
    snapshots.register(wf, Instant.now());
    long t0 = System.nanoTime();
    var run = runtime.engine().startRun(new NewRun(wf.name(), wf.contentHash(), "bench", null, null));
    long t1 = runs.ended(run.runId()).get(30, TimeUnit.MINUTES);
    var finished = runs.run(run.runId()).orElseThrow();
    return new Result(finished, t0, t1, readTasks ? runs.tasks(run.runId()) : List.of());
  }

  @Override
  public void close() {
    runtime.close();
    var executor = px.get();
    if (executor != null) executor.close();
    db.close();
  }
}
