package dev.ork.infra.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ork.core.port.Clock;
import dev.ork.core.port.LogStore;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.workflow.ExecutorSpec;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>Pipe readers are small platform daemon threads from one cached pool (reused across tasks), not
 * virtual threads: blocking pipe reads pin a virtual thread's carrier (Java 21), and a thousand
 * long-running tasks would starve the engine's own virtual threads. Exit is observed through
 * {@link Process#onExit()}, never by polling.
 *
 * <p>One instance serves both kinds; register it under {@code process} and {@code python}.
 */
public final class ProcessExecutor implements TaskExecutor, AutoCloseable {

  /** The executor kinds this class runs. */
  public static final Set<String> KINDS = Set.of("process", "python");

  static final String OUTPUT_PREFIX = "ORK_OUTPUT:";
  static final int MAX_ERROR_DETAIL = 500;
  private static final int LOG_BATCH_CHARS = 64 * 1024;
  private static final int MAX_REMEMBERED_FINISHED = 10_000;
  /** After the process exited, how long to wait for pipes kept open by orphaned grandchildren. */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
  private static final long READER_STACK_BYTES = 256 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectReader OUTPUT_READER =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Path root;
  private final MessageQueue<StatusUpdate> statuses;
  private final LogStore logs;
  private final Clock clock;
  private final Map<String, String> extraEnv;
  private final Path runtimeDir;
  private final Duration stopGrace;
  private final String python;

  private final ConcurrentHashMap<String, Attempt> attempts = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> finishedOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger finishedCount = new AtomicInteger();
  private volatile Path runner;

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
    this.root = root.toAbsolutePath().normalize();
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.logs = Objects.requireNonNull(logs, "logs");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.extraEnv = Map.copyOf(extraEnv == null ? Map.of() : extraEnv);
    this.runtimeDir = runtimeDir;
    this.stopGrace = stopGrace == null ? Duration.ofSeconds(2) : stopGrace;
    String py = this.extraEnv.get("ORK_PYTHON");
    if (py == null || py.isBlank()) {
      py = System.getenv("ORK_PYTHON");
    }
    this.python = py == null || py.isBlank() ? "python3" : py;
  }

  public Path root() {
    return root;
  }

  // ---------------------------------------------------------------------------------------------
  // launch

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
      process = spawn(launch);
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
    watch(fresh, process);
    if (fresh.stopReason != null) { // stop() arrived while we were spawning
      terminateTree(process);
      CompletableFuture.delayedExecutor(stopGrace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> killTree(process));
    }
    return pid;
  }

  private Process spawn(TaskLaunch launch) throws LaunchException {
    ExecutorSpec spec = launch.task().executor();
    String task = launch.task().name();
    List<String> command = new ArrayList<>(3);
    Map<String, String> env = new LinkedHashMap<>();
    switch (spec) {
      case ExecutorSpec.Process p -> {
        if (p.command() != null && !p.command().isBlank()) {
          command.addAll(List.of("sh", "-c", p.command()));
        } else if (p.file() != null && !p.file().isBlank()) {
          Path file = existingFile(task, p.file());
          if (!Files.isExecutable(file)) {
            throw new LaunchException("task " + task + ": file " + p.file() + " is not executable (chmod +x it)", false);
          }
          command.add(file.toString());
        } else {
          throw new LaunchException("task " + task + ": process executor needs a command or a file", false);
        }
      }
      case ExecutorSpec.Python py -> {
        if (py.file() != null && !py.file().isBlank()) {
          env.put("ORK_TASK_FILE", existingFile(task, py.file()).toString());
        } else if (py.module() != null && !py.module().isBlank()) {
          env.put("ORK_TASK_MODULE", py.module());
        } else {
          throw new LaunchException("task " + task + ": python executor needs a file or a module", false);
        }
        env.put("ORK_TASK_FUNCTION", py.function() == null || py.function().isBlank() ? "main" : py.function());
        command.add(python);
        command.add(runner().toString());
      }
      default -> throw new LaunchException(
          "task " + task + ": the process executor cannot run executor kind " + spec.kind(), false);
    }

    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
    Map<String, String> penv = pb.environment();
    penv.putAll(extraEnv);
    penv.put("ORK_INPUT_JSON", inputJson(launch.input()));
    penv.put("ORK_ATTEMPT", Integer.toString(launch.attempt()));
    penv.put("ORK_RUN_ID", launch.runId());
    penv.put("ORK_TASK_NAME", task);
    penv.put("ORK_WORKFLOW_NAME", launch.workflowName() == null ? "" : launch.workflowName());
    penv.putAll(env);
    if (spec instanceof ExecutorSpec.Python) {
      String existing = penv.get("PYTHONPATH");
      penv.put("PYTHONPATH", existing == null || existing.isBlank() ? root.toString() : root + File.pathSeparator + existing);
      penv.putIfAbsent("PYTHONUNBUFFERED", "1");
      penv.putIfAbsent("PYTHONIOENCODING", "utf-8");
    }
    try {
      Process process = pb.start();
      try {
        process.getOutputStream().close(); // tasks that read stdin see EOF instead of hanging
      } catch (IOException ignored) {
        // the process may already be gone; its exit is reported normally
      }
      return process;
    } catch (IOException e) {
      String msg = String.valueOf(e.getMessage());
      // ENOENT (2), EACCES (13), E2BIG (7, input too large for the environment) do not heal on retry
      boolean permanent = msg.contains("error=2,") || msg.contains("error=13,") || msg.contains("error=7,");
      throw new LaunchException("cannot start task " + task + " (" + String.join(" ", command.subList(0, 1)) + "): " + msg, !permanent);
    }
  }

  private Path existingFile(String task, String relative) throws LaunchException {
    Path file = root.resolve(relative).normalize();
    if (!Files.isRegularFile(file)) {
      throw new LaunchException("task " + task + ": file not found: " + relative + " (resolved to " + file + ")", false);
    }
    return file;
  }

  private Path runner() throws LaunchException {
    Path r = runner;
    if (r == null) {
      synchronized (this) {
        r = runner;
        if (r == null) {
          try {
            r = PythonRunner.install(runtimeDir);
          } catch (RuntimeException e) {
            throw new LaunchException("cannot install the Python runner: " + e.getMessage(), true);
          }
          runner = r;
        }
      }
    }
    return r;
  }

  private static String inputJson(JsonNode input) {
    if (input == null || input.isNull() || input.isMissingNode()) {
      return "{}";
    }
    try {
      return MAPPER.writeValueAsString(input);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise task input", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // watching

  /**
   * A report waits for three events: stdout closed, stderr closed, the process exited. Whichever comes
   * last sends it, on the thread that saw it (usually a pipe reader: no hop through another pool). When
   * the exit comes first and a pipe stays open (an orphaned grandchild holds it), a timer reports after
   * {@link #DRAIN_GRACE}.
   */
  private void watch(Attempt a, Process process) {
    READERS.execute(() -> {
      pump(process.getInputStream(), a, "stdout");
      settle(a, process);
    });
    READERS.execute(() -> {
      pump(process.getErrorStream(), a, "stderr");
      settle(a, process);
    });
    process.onExit().whenComplete((p, failure) -> {
      if (!settle(a, process)) {
        a.drainTimer = DRAIN_TIMERS.schedule(() -> finish(a, process), DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  /** Counts one of the three events; the last one reports. True when this was the last. */
  private boolean settle(Attempt a, Process process) {
    if (a.pending.decrementAndGet() > 0) {
      return false;
    }
    try {
      finish(a, process);
    } catch (RuntimeException e) {
      // finish already printed why the status could not be sent
    }
    return true;
  }

  /** Pipe readers come from one cached pool: a burst of short tasks reuses threads instead of making two each. */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(body -> {
    Thread t = new Thread(null, body, "ork-pipe-reader", READER_STACK_BYTES);
    t.setDaemon(true);
    return t;
  });

  /** Reports attempts whose pipes outlive the process by more than the drain grace. */
  private static final ScheduledThreadPoolExecutor DRAIN_TIMERS = drainTimers();

  private static ScheduledThreadPoolExecutor drainTimers() {
    var timers = new ScheduledThreadPoolExecutor(1, body -> {
      Thread t = new Thread(body, "ork-drain-timer");
      t.setDaemon(true);
      return t;
    });
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  private void pump(InputStream in, Attempt a, String stream) {
    boolean stdout = "stdout".equals(stream);
    StringBuilder batch = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (stdout) {
          if (line.startsWith(OUTPUT_PREFIX)) {
            a.lastOutputLine = line;
          }
        } else if (!line.isBlank()) {
          a.lastStderrLine = line;
        }
        batch.append(line).append('\n');
        if (batch.length() >= LOG_BATCH_CHARS || !r.ready()) {
          flush(a, stream, batch);
        }
      }
    } catch (IOException e) {
      // the pipe closed under us (the process was killed); keep what was read
    } finally {
      flush(a, stream, batch);
    }
  }

  private void flush(Attempt a, String stream, StringBuilder batch) {
    if (batch.isEmpty()) {
      return;
    }
    TaskLaunch l = a.launch;
    try {
      logs.append(l.runId(), l.task().name(), l.attempt(), stream, batch.toString());
    } catch (RuntimeException e) {
      // a failing log store must not stop the pipe from draining, or the task would block on write
      System.err.println("ork: cannot store " + stream + " of " + l.attemptId() + ": " + e);
    }
    batch.setLength(0);
  }

  private void finish(Attempt a, Process process) {
    if (!a.finished.compareAndSet(false, true)) {
      return;
    }
    var timer = a.drainTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    TaskLaunch l = a.launch;
    StatusUpdate update;
    String stopped = a.stopReason;
    if (stopped != null) {
      update = failed(a, "stopped: " + stopped);
    } else {
      int code = process.exitValue();
      if (code != 0) {
        String detail = a.lastStderrLine;
        update = failed(a, detail == null ? "exit code " + code : "exit code " + code + ": " + cap(detail.strip()));
      } else {
        String line = a.lastOutputLine;
        if (line == null) {
          update = new StatusUpdate(l.runId(), l.task().name(), l.attempt(), StatusUpdate.Kind.SUCCEEDED,
              null, null, a.executionId, clock.now());
        } else {
          String json = line.substring(OUTPUT_PREFIX.length()).strip();
          JsonNode output = null;
          String error = null;
          if (json.isEmpty()) {
            error = "invalid ORK_OUTPUT line: no JSON after the prefix";
          } else {
            try {
              output = OUTPUT_READER.readTree(json);
              if (output != null && (output.isNull() || output.isMissingNode())) {
                output = null;
              }
            } catch (IOException e) {
              String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
              error = "invalid ORK_OUTPUT JSON: " + cap(msg == null ? e.toString() : msg.replace('\n', ' '));
            }
          }
          update = error != null
              ? failed(a, error)
              : new StatusUpdate(l.runId(), l.task().name(), l.attempt(), StatusUpdate.Kind.SUCCEEDED,
                  output, null, a.executionId, clock.now());
        }
      }
    }
    a.process = null;
    remember(l.attemptId());
    try {
      statuses.send(update);
    } catch (RuntimeException e) {
      System.err.println("ork: cannot send the status of " + l.attemptId() + ": " + e);
      throw e;
    } finally {
      a.reported.complete(null);
    }
  }

  private StatusUpdate failed(Attempt a, String error) {
    TaskLaunch l = a.launch;
    return new StatusUpdate(l.runId(), l.task().name(), l.attempt(), StatusUpdate.Kind.FAILED,
        null, error, a.executionId, clock.now());
  }

  private void remember(String key) {
    finishedOrder.add(key);
    if (finishedCount.incrementAndGet() > MAX_REMEMBERED_FINISHED) {
      String old = finishedOrder.poll();
      if (old != null) {
        finishedCount.decrementAndGet();
        attempts.computeIfPresent(old, (k, v) -> v.finished.get() ? null : v);
      }
    }
  }

  static String cap(String s) {
    return s.length() <= MAX_ERROR_DETAIL ? s : s.substring(0, MAX_ERROR_DETAIL) + "…";
  }

  // ---------------------------------------------------------------------------------------------
  // stopping

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
    terminateTree(p);
    CompletableFuture.delayedExecutor(stopGrace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> killTree(p));
  }

  /** Stops every running attempt (Ctrl-C): SIGTERM, then SIGKILL after the grace; waits for them. */
  public void stopAll(String reason) {
    List<Attempt> running = attempts.values().stream().filter(a -> !a.finished.get() && a.process != null).toList();
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
      terminateTree(p);
    }
    long deadline = System.nanoTime() + stopGrace.toNanos();
    for (Process p : processes) {
      try {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          p.waitFor(left, TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    processes.forEach(ProcessExecutor::killTree);
    // give the exit callbacks a moment to report, so logs and statuses are not cut off
    for (Attempt a : running) {
      try {
        a.reported.get(DRAIN_GRACE.toMillis() + 500, TimeUnit.MILLISECONDS);
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
    return (int) attempts.values().stream().filter(a -> !a.finished.get()).count();
  }

  private static void terminateTree(Process p) {
    List<ProcessHandle> descendants = p.descendants().toList();
    descendants.forEach(ProcessHandle::destroy);
    p.destroy();
  }

  private static void killTree(Process p) {
    List<ProcessHandle> descendants = p.isAlive() ? p.descendants().toList() : List.of();
    descendants.forEach(ProcessHandle::destroyForcibly);
    if (p.isAlive()) {
      p.destroyForcibly();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static final class Attempt {
    final TaskLaunch launch;
    final CompletableFuture<String> started = new CompletableFuture<>();
    final CompletableFuture<Void> reported = new CompletableFuture<>();
    final AtomicBoolean finished = new AtomicBoolean();
    /** stdout open, stderr open, process alive: the report goes out when all three are done. */
    final AtomicInteger pending = new AtomicInteger(3);
    volatile ScheduledFuture<?> drainTimer;
    volatile Process process;
    volatile String executionId;
    volatile String stopReason;
    volatile String lastOutputLine;
    volatile String lastStderrLine;

    Attempt(TaskLaunch launch) {
      this.launch = launch;
    }

    String awaitExecutionId() throws LaunchException {
      try {
        return started.get();
      } catch (ExecutionException | CompletionException e) {
        if (e.getCause() instanceof LaunchException le) {
          throw new LaunchException(le.getMessage(), le.retryable());
        }
        throw new LaunchException(String.valueOf(e.getCause()), true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LaunchException("interrupted while waiting for a concurrent launch", true);
      }
    }
  }
}
