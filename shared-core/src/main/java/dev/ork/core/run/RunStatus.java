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
  /** Cancelled by a user (or as orphaned); only a rerun moves it again. */
  CANCELLED;

  public boolean isTerminal() {
    return switch (this) {
      case SUCCEEDED, FAILED, CANCELLED -> true;
      case PENDING, RUNNING, PAUSED -> false;
    };
  }

  /** Finished without succeeding: failed or cancelled (what `ork rerun` takes). */
  public boolean isFailure() {
    return this == FAILED || this == CANCELLED;
  }

  /** The statuses of a run not finished yet, in declaration order (the stale-run sweep's query and index). */
  public static java.util.Set<RunStatus> unfinished() {
    return UNFINISHED;
  }

  private static final java.util.Set<RunStatus> UNFINISHED = java.util.Collections.unmodifiableSet(
      java.util.EnumSet.copyOf(java.util.Arrays.stream(values()).filter(s -> !s.isTerminal()).toList()));

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
