package dev.ork.core.port;

/**
 * Runs task attempts somewhere. {@link #launch} returns once the attempt is accepted; its outcome
 * arrives later as a StatusUpdate on the status queue. Implementations should be idempotent per
 * {@link TaskLaunch#attemptId()} where the platform allows it.
 */
public interface TaskExecutor {

  /** Returns an execution id (a pid, a request id, a task ARN). */
  String launch(TaskLaunch launch) throws LaunchException;

  /** Stops an attempt if it still runs: on timeout and cancel. Never throws for a finished one. */
  void stop(String runId, String taskName, int attempt, String executionId, String reason);

  /** The attempt could not be launched; {@code retryable} says whether a later attempt might work. */
  final class LaunchException extends Exception {
    private final boolean retryable;

    public LaunchException(String message, boolean retryable) {
      super(message);
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }
}
