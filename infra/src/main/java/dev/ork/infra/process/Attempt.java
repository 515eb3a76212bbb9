package dev.ork.infra.process;

import dev.ork.core.port.TaskExecutor.LaunchException;
import dev.ork.core.port.TaskLaunch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The mutable state of one launched attempt ({@code run:task:attempt}), shared by launch, capture and stop. */
final class Attempt {
  final TaskLaunch launch;
  final CompletableFuture<String> started = new CompletableFuture<>();
  final CompletableFuture<Void> reported = new CompletableFuture<>();
  final AtomicBoolean finished = new AtomicBoolean();
  /** stdout open, stderr open, process alive: the report goes out when all three are done. */
  final AtomicInteger pending = new AtomicInteger(3);
  volatile ScheduledFuture<?> drainTimer;
  volatile Process process;
  /** ORK_INPUT_FILE, removed when the attempt is reported. */
  volatile java.nio.file.Path inputFile;
  volatile String executionId;
  volatile String stopReason;
  volatile String lastOutputLine;
  volatile String lastStderrLine;

  Attempt(TaskLaunch launch) {
    this.launch = launch;
  }

  /** The pid of a launch of the same attempt started by another caller; waits for its spawn. */
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
