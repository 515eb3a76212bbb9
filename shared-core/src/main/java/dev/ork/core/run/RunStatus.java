package dev.ork.core.run;

/** The life of a run. Transitions are listed in {@link RunTransitions}. */
public enum RunStatus {
  /** Created; its tasks are being materialised. */
  PENDING,
  /** Tasks are being dispatched as they become ready. */
  RUNNING,
  /** No new task starts; tasks already running finish and report. */
  PAUSED,
  /** Every task succeeded. */
  SUCCEEDED,
  /** Every task is terminal and at least one did not succeed (or the run could not start). */
  FAILED,
  /** Cancelled by a user; sticky: nothing moves a cancelled run again. */
  CANCELLED;

  public boolean isTerminal() {
    return switch (this) {
      case SUCCEEDED, FAILED, CANCELLED -> true;
      case PENDING, RUNNING, PAUSED -> false;
    };
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
