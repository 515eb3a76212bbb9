package dev.ork.infra.process;

import dev.ork.core.port.Clock;
import dev.ork.core.port.LogStore;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.StatusUpdate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code executor: process} and {@code executor: python} tasks as local OS processes.
 *
 * <p>{@link #launch} spawns the process and returns its pid at once. Two pooled reader threads copy stdout
 * and stderr line by line into the {@link LogStore} (batched while more is already buffered) and remember
 * the last stdout line starting with {@code ORK_OUTPUT:}. When the process has exited and both pipes
 * are drained, exactly one {@link StatusUpdate} goes to the status queue: {@code SUCCEEDED} with the
 * parsed output, or {@code FAILED} with the reason. A spawn failure is thrown as a {@link
 * LaunchException} and is not also reported as an update.
 *
 * <p>The parts: {@link ProcessLauncher} (command and environment), {@link AttemptRegistry} and
 * {@link Attempt} (per-attempt state), {@link OutputCapture} (pipes and logs), {@link AttemptReporter}
 * (the status update), {@link ProcessTree} (stop and kill).
 *
 * <p>One instance serves both kinds; register it under {@code process} and {@code python}.
 */
public final class ProcessExecutor implements TaskExecutor, AutoCloseable {

  /** The executor kinds this class runs. */
  public static final Set<String> KINDS = Set.of("process", "python");

  private final Path root;
  private final Duration stopGrace;
  private final AttemptRegistry attempts = new AttemptRegistry();
  private final ProcessLauncher launcher;
  private final OutputCapture capture;

  public ProcessExecutor(Path root, MessageQueue<StatusUpdate> statuses, LogStore logs, Clock clock) {
    this(root, statuses, logs, clock, Map.of());
  }

  public ProcessExecutor(
      Path root, MessageQueue<StatusUpdate> statuses, LogStore logs, Clock clock, Map<String, String> extraEnv) {
    this(root, statuses, logs, clock, extraEnv, null, Duration.ofSeconds(2));
  }

  /**
   * @param root the workflow root: cwd of every task, base of relative {@code file} paths, PYTHONPATH
   * @param extraEnv added to the inherited environment of every task (before the ORK_* variables)
   * @param runtimeDir where the Python runner is written; null for {@code ~/.cache/ork/runtime}
   * @param stopGrace how long {@link #stop} waits after SIGTERM before SIGKILL
   */
  public ProcessExecutor(
      Path root,
      MessageQueue<StatusUpdate> statuses,
      LogStore logs,
      Clock clock,
      Map<String, String> extraEnv,
      Path runtimeDir,
      Duration stopGrace) {
    this(root, statuses, logs, clock, extraEnv, runtimeDir, stopGrace, Spawner.best());
  }

  /** As above, starting tasks with {@code spawner} (tests run both). */
  ProcessExecutor(Path root, MessageQueue<StatusUpdate> statuses, LogStore logs, Clock clock,
      Map<String, String> extraEnv, Path runtimeDir, Duration stopGrace, Spawner spawner) {
    this.root = root.toAbsolutePath().normalize();
    Objects.requireNonNull(statuses, "statuses");
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(clock, "clock");
    this.launcher = new ProcessLauncher(this.root, Map.copyOf(extraEnv == null ? Map.of() : extraEnv), runtimeDir, spawner);
    this.stopGrace = stopGrace == null ? Duration.ofSeconds(2) : stopGrace;
    this.capture = new OutputCapture(logs, new AttemptReporter(statuses, clock, attempts));
  }

  /**
   * A hint that about {@code tasks} process tasks will start in this JVM: from {@link
   * WarmingSpawner#WARM_AT} on, the faster spawner is set up now, in the background, rather than
   * after that many tasks have started.
   */
  public static void expectTasks(int tasks) {
    if (tasks >= WarmingSpawner.WARM_AT && Spawner.best() == WarmingSpawner.SHARED) {
      WarmingSpawner.SHARED.setUpNow();
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public String launch(TaskLaunch launch) throws LaunchException {
    String key = launch.attemptId();
    Attempt fresh = new Attempt(launch);
    Attempt existing = attempts.putIfAbsent(key, fresh);
    if (existing != null) {
      return existing.awaitExecutionId();
    }
    Process process;
    try {
      var spawned = launcher.spawn(launch);
      process = spawned.process();
      fresh.inputFile = spawned.inputFile();
    } catch (LaunchException e) {
      attempts.remove(key, fresh);
      fresh.started.completeExceptionally(e);
      throw e;
    } catch (RuntimeException e) {
      attempts.remove(key, fresh);
      LaunchException le = new LaunchException("cannot launch task " + launch.task().name() + ": " + e, true);
      fresh.started.completeExceptionally(le);
      throw le;
    }
    String pid = Long.toString(process.pid());
    fresh.process = process;
    fresh.executionId = pid;
    fresh.started.complete(pid);
    capture.watch(fresh, process);
    if (fresh.stopReason != null) { // stop() arrived while we were spawning
      ProcessTree.stop(process, stopGrace);
    }
    return pid;
  }

  @Override
  public void stop(String runId, String taskName, int attempt, String executionId, String reason) {
    Attempt a = attempts.get(runId + ":" + taskName + ":" + attempt);
    if (a == null || a.finished.get()) {
      return;
    }
    Process p = a.process;
    if (p == null && !a.started.isDone()) {
      a.stopReason = reason == null || reason.isBlank() ? "stopped" : reason; // launch() kills it once spawned
      return;
    }
    if (p == null || (executionId != null && a.executionId != null && !executionId.equals(a.executionId))) {
      return;
    }
    if (a.stopReason == null) {
      a.stopReason = reason == null || reason.isBlank() ? "stopped" : reason;
    }
    ProcessTree.stop(p, stopGrace);
  }

  /** Stops every running attempt (Ctrl-C): SIGTERM, then SIGKILL after the grace; waits for them. */
  public void stopAll(String reason) {
    List<Attempt> running = attempts.all().stream().filter(a -> !a.finished.get() && a.process != null).toList();
    List<Process> processes = new ArrayList<>();
    for (Attempt a : running) {
      Process p = a.process;
      if (p == null) {
        continue;
      }
      if (a.stopReason == null) {
        a.stopReason = reason;
      }
      processes.add(p);
      ProcessTree.terminate(p);
    }
    ProcessTree.awaitThenKill(processes, stopGrace);
    // give the exit callbacks a moment to report, so logs and statuses are not cut off
    for (Attempt a : running) {
      try {
        a.reported.get(OutputCapture.DRAIN_GRACE.toMillis() + 500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception ignored) {
        // best effort on shutdown
      }
    }
  }

  @Override
  public void close() {
    stopAll("executor shut down");
  }

  /** Attempts launched and not yet reported. */
  public int running() {
    return (int) attempts.all().stream().filter(a -> !a.finished.get()).count();
  }
}
