package dev.ork.infra.process;

import dev.ork.core.port.LogStore;
import dev.ork.core.port.TaskLaunch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads an attempt's stdout and stderr into the {@link LogStore} and has it reported once stdout EOF,
 * stderr EOF and the exit have all happened.
 *
 * <p>Pipe readers are small platform daemon threads from one cached pool (reused across tasks), not
 * virtual threads: blocking pipe reads pin a virtual thread's carrier (Java 21), and a thousand
 * long-running tasks would starve the engine's own virtual threads. Exit is observed through
 * {@link Process#onExit()}, never by polling.
 */
final class OutputCapture {

  /** After the process exited, how long to wait for pipes kept open by orphaned grandchildren. */
  static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
  private static final int LOG_BATCH_CHARS = 64 * 1024;
  private static final long READER_STACK_BYTES = 256 * 1024;

  /** Pipe readers come from one cached pool: a burst of short tasks reuses threads instead of making two each. */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(body -> {
    Thread t = new Thread(null, body, "ork-pipe-reader", READER_STACK_BYTES);
    t.setDaemon(true);
    return t;
  });

  /** Reports attempts whose pipes outlive the process by more than the drain grace. */
  private static final ScheduledThreadPoolExecutor DRAIN_TIMERS = drainTimers();

  private final LogStore logs;
  private final AttemptReporter reporter;

  OutputCapture(LogStore logs, AttemptReporter reporter) {
    this.logs = logs;
    this.reporter = reporter;
  }

  private static ScheduledThreadPoolExecutor drainTimers() {
    var timers = new ScheduledThreadPoolExecutor(1, body -> {
      Thread t = new Thread(body, "ork-drain-timer");
      t.setDaemon(true);
      return t;
    });
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  /**
   * A report waits for three events: stdout closed, stderr closed, the process exited. Whichever comes
   * last sends it, on the thread that saw it (usually a pipe reader: no hop through another pool). When
   * the exit comes first and a pipe stays open (an orphaned grandchild holds it), a timer reports after
   * {@link #DRAIN_GRACE}.
   */
  void watch(Attempt a, Process process) {
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
        a.drainTimer = DRAIN_TIMERS.schedule(
            () -> reporter.finish(a, process), DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  /** Counts one of the three events; the last one reports. True when this was the last. */
  private boolean settle(Attempt a, Process process) {
    if (a.pending.decrementAndGet() > 0) {
      return false;
    }
    try {
      reporter.finish(a, process);
    } catch (RuntimeException e) {
      // finish already printed why the status could not be sent
    }
    return true;
  }

  /** Copies one pipe line by line, batched while more is buffered; remembers the lines the report needs. */
  private void pump(InputStream in, Attempt a, String stream) {
    boolean stdout = "stdout".equals(stream);
    StringBuilder batch = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (stdout) {
          if (line.startsWith(AttemptReporter.OUTPUT_PREFIX)) {
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
}
