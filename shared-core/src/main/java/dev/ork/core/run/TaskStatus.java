package dev.ork.core.run;

/** The life of one task inside one run. Transitions are listed in {@link TaskTransitions}. */
public enum TaskStatus {
  /** Waiting for its dependencies to succeed. */
  PENDING,
  /** Ready: a dispatch message for the current attempt is on the queue. */
  QUEUED,
  /** A dispatcher claimed the current attempt and is launching it. */
  DISPATCHED,
  /** The executor accepted the attempt; it runs until it reports or its deadline passes. */
  RUNNING,
  /** The attempt handed external jobs to the triggerer and waits for all of them. */
  DEFERRED,
  /** The attempt failed and the next one waits for its backoff delay. */
  RETRY_WAIT,
  /** The task succeeded; its output is stored. */
  SUCCEEDED,
  /** The last attempt failed. */
  FAILED,
  /** The last attempt ran past its timeout and was stopped. */
  TIMED_OUT,
  /** Never ran, because a dependency did not succeed. */
  UPSTREAM_FAILED,
  /** Stopped or never started because its run was cancelled. */
  CANCELLED;

  public boolean isTerminal() {
    return switch (this) {
      case SUCCEEDED, FAILED, TIMED_OUT, UPSTREAM_FAILED, CANCELLED -> true;
      case PENDING, QUEUED, DISPATCHED, RUNNING, DEFERRED, RETRY_WAIT -> false;
    };
  }

  /** Terminal and not a success: its dependents can never run. */
  public boolean isFailure() {
    return isTerminal() && this != SUCCEEDED;
  }

  /** An attempt is in flight: an executor may be working on it and may report. */
  public boolean isInFlight() {
    return switch (this) {
      case DISPATCHED, RUNNING, DEFERRED -> true;
      case PENDING, QUEUED, RETRY_WAIT, SUCCEEDED, FAILED, TIMED_OUT, UPSTREAM_FAILED, CANCELLED -> false;
    };
  }

  /** The in-flight statuses, in declaration order (the deadline sweep's query and index). */
  public static java.util.Set<TaskStatus> inFlight() {
    return IN_FLIGHT;
  }

  private static final java.util.Set<TaskStatus> IN_FLIGHT = java.util.Collections.unmodifiableSet(
      java.util.EnumSet.copyOf(java.util.Arrays.stream(values()).filter(TaskStatus::isInFlight).toList()));

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
