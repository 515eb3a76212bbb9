package dev.ork.core.run;

/**
 * What moves a task: each row of {@link TaskTransitions} names the triggers it serves, and a write
 * for a trigger is guarded by that trigger's rows (see {@link TaskTransitions#guard}).
 */
public enum TaskTrigger {
  /** Its dependencies all succeeded: queue it. */
  READY,
  /** Its dependencies all succeeded and the engine launches it at once (inline dispatch). */
  READY_INLINE,
  /** A dependency will never succeed. */
  UPSTREAM_FAILED,
  /** A dispatcher claims the attempt a dispatch message names. */
  CLAIM,
  /** The executor accepted the attempt (from the launch, or its own report). */
  LAUNCHED,
  /** Binding, executor lookup or the launch itself failed. */
  LAUNCH_FAILED,
  /** The attempt reported success with a valid output. */
  SUCCEEDED,
  /** The attempt reported failure, or its output was refused. */
  ATTEMPT_FAILED,
  /** The attempt handed external jobs to the triggerer. */
  HAND_OVER,
  /** A foreach task's dependencies succeeded: its instances are created (or it ends at once: empty or unreadable list). */
  EXPAND,
  /** A foreach task's instances ended, or one failed for good. */
  INSTANCES_ENDED,
  /** The attempt's deadline passed. Guarded by the status the decision saw. */
  DEADLINE(true),
  /** The run was cancelled. Guarded by the status the decision saw. */
  CANCEL(true);

  private final boolean fencesOnObservedStatus;

  TaskTrigger() {
    this(false);
  }

  TaskTrigger(boolean fencesOnObservedStatus) {
    this.fencesOnObservedStatus = fencesOnObservedStatus;
  }

  /** The write applies only if the task is still in the status the decision was made on. */
  public boolean fencesOnObservedStatus() {
    return fencesOnObservedStatus;
  }
}
