package dev.ork.core.run;

import static dev.ork.core.run.TaskStatus.*;
import static dev.ork.core.run.TaskTrigger.ATTEMPT_FAILED;
import static dev.ork.core.run.TaskTrigger.CLAIM;
import static dev.ork.core.run.TaskTrigger.DEADLINE;
import static dev.ork.core.run.TaskTrigger.EXPAND;
import static dev.ork.core.run.TaskTrigger.INSTANCES_ENDED;
import static dev.ork.core.run.TaskTrigger.HAND_OVER;
import static dev.ork.core.run.TaskTrigger.LAUNCHED;
import static dev.ork.core.run.TaskTrigger.LAUNCH_FAILED;
import static dev.ork.core.run.TaskTrigger.READY;
import static dev.ork.core.run.TaskTrigger.READY_INLINE;

import java.util.Set;

/**
 * Every legal task transition, and the triggers that take it: the guard of every conditional task
 * write is read from this table. docs/state-machines.md is generated from it.
 */
public final class TaskTransitions {
  private TaskTransitions() {}

  /**
   * The source statuses a write for {@code trigger} to {@code to} is guarded by: the trigger's rows,
   * or {@code observed} alone for a trigger fenced on the status its decision saw.
   */
  public static Set<TaskStatus> guard(TaskTrigger trigger, TaskStatus observed, TaskStatus to) {
    return trigger.fencesOnObservedStatus() ? TABLE.guard(trigger, observed, to) : TABLE.guard(trigger, to);
  }

  /** The guard of a write for a trigger not fenced on an observed status. */
  public static Set<TaskStatus> guard(TaskTrigger trigger, TaskStatus to) {
    if (trigger.fencesOnObservedStatus()) throw new IllegalArgumentException(trigger + " needs the observed status");
    return TABLE.guard(trigger, to);
  }

  public static final StateMachine<TaskStatus, TaskTrigger> TABLE = StateMachine.builder(TaskStatus.class, TaskTrigger.class)
      .on("all dependencies succeeded", PENDING, QUEUED, READY)
      .on("all dependencies succeeded, launched inline", PENDING, DISPATCHED, READY_INLINE)
      .on("all dependencies succeeded, launched inline, claimed running", PENDING, RUNNING, READY_INLINE)
      .on("a dependency did not succeed", PENDING, UPSTREAM_FAILED, TaskTrigger.UPSTREAM_FAILED)
      .on("foreach: instances created", PENDING, RUNNING, EXPAND)
      .on("foreach: the list is empty", PENDING, SUCCEEDED, EXPAND)
      .on("foreach: the list cannot be read", PENDING, FAILED, EXPAND)
      .on("foreach: every instance succeeded", RUNNING, SUCCEEDED, INSTANCES_ENDED)
      .on("foreach: an instance failed for good", RUNNING, FAILED, INSTANCES_ENDED)
      .on("run cancelled", PENDING, CANCELLED, TaskTrigger.CANCEL)
      .on("dispatcher claimed the attempt", QUEUED, DISPATCHED, CLAIM)
      .on("claimed for an executor whose launch cannot be stopped (Lambda async invoke)", QUEUED, RUNNING, CLAIM)
      .on("run cancelled", QUEUED, CANCELLED, TaskTrigger.CANCEL)
      .on("executor accepted", DISPATCHED, RUNNING, LAUNCHED)
      .on("launch failed or stuck, retries left", DISPATCHED, RETRY_WAIT, LAUNCH_FAILED, ATTEMPT_FAILED, DEADLINE)
      .on("launch failed or stuck, no retries left", DISPATCHED, FAILED, LAUNCH_FAILED, ATTEMPT_FAILED, DEADLINE)
      .on("input binding failed", DISPATCHED, FAILED, LAUNCH_FAILED)
      .on("finished before the launch was recorded", DISPATCHED, SUCCEEDED, TaskTrigger.SUCCEEDED)
      .on("run cancelled", DISPATCHED, CANCELLED, TaskTrigger.CANCEL)
      .on("output valid", RUNNING, SUCCEEDED, TaskTrigger.SUCCEEDED)
      .on("attempt failed, retries left", RUNNING, RETRY_WAIT, ATTEMPT_FAILED, DEADLINE)
      .on("attempt failed, no retries left", RUNNING, FAILED, ATTEMPT_FAILED)
      .on("launch failed after a claim that recorded it running, retries left", RUNNING, RETRY_WAIT, LAUNCH_FAILED)
      .on("launch failed after a claim that recorded it running, no retries left", RUNNING, FAILED, LAUNCH_FAILED)
      .on("deadline passed, no retries left", RUNNING, TIMED_OUT, DEADLINE)
      .on("handed jobs to the triggerer", RUNNING, DEFERRED, HAND_OVER)
      .on("handed jobs over before the launch was recorded", DISPATCHED, DEFERRED, HAND_OVER)
      .on("run cancelled", RUNNING, CANCELLED, TaskTrigger.CANCEL)
      .on("all deferred jobs completed", DEFERRED, SUCCEEDED, TaskTrigger.SUCCEEDED)
      .on("a deferred job failed, retries left", DEFERRED, RETRY_WAIT, ATTEMPT_FAILED, DEADLINE)
      .on("a deferred job failed, no retries left", DEFERRED, FAILED, ATTEMPT_FAILED)
      .on("deadline passed, no retries left", DEFERRED, TIMED_OUT, DEADLINE)
      .on("run cancelled", DEFERRED, CANCELLED, TaskTrigger.CANCEL)
      .on("dispatcher claimed the next attempt", RETRY_WAIT, DISPATCHED, CLAIM)
      .on("claimed the next attempt running (Lambda async invoke)", RETRY_WAIT, RUNNING, CLAIM)
      .on("run cancelled", RETRY_WAIT, CANCELLED, TaskTrigger.CANCEL)
      .on("rerun", FAILED, PENDING, TaskTrigger.RERUN)
      .on("rerun", TIMED_OUT, PENDING, TaskTrigger.RERUN)
      .on("rerun", CANCELLED, PENDING, TaskTrigger.RERUN)
      .on("rerun", UPSTREAM_FAILED, PENDING, TaskTrigger.RERUN)
      .on("rerun a task", SUCCEEDED, PENDING, TaskTrigger.RERUN)
      .build();
}
