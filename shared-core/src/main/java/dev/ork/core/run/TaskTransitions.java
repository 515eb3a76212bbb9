package dev.ork.core.run;

import static dev.ork.core.run.TaskStatus.*;

/** Every legal task transition. docs/state-machines.md is generated from this table. */
public final class TaskTransitions {
  private TaskTransitions() {}

  public static final StateMachine<TaskStatus> TABLE = StateMachine.builder(TaskStatus.class)
      .on("all dependencies succeeded", PENDING, QUEUED)
      .on("all dependencies succeeded, launched inline", PENDING, DISPATCHED)
      .on("a dependency did not succeed", PENDING, UPSTREAM_FAILED)
      .on("foreach: instances created", PENDING, RUNNING)
      .on("foreach: the list is empty", PENDING, SUCCEEDED)
      .on("foreach: the list cannot be read", PENDING, FAILED)
      .on("run cancelled", PENDING, CANCELLED)
      .on("dispatcher claimed the attempt", QUEUED, DISPATCHED)
      .on("run cancelled", QUEUED, CANCELLED)
      .on("executor accepted", DISPATCHED, RUNNING)
      .on("launch failed or stuck, retries left", DISPATCHED, RETRY_WAIT)
      .on("launch failed or stuck, no retries left", DISPATCHED, FAILED)
      .on("input binding failed", DISPATCHED, FAILED)
      .on("finished before the launch was recorded", DISPATCHED, SUCCEEDED)
      .on("run cancelled", DISPATCHED, CANCELLED)
      .on("output valid", RUNNING, SUCCEEDED)
      .on("attempt failed, retries left", RUNNING, RETRY_WAIT)
      .on("attempt failed, no retries left", RUNNING, FAILED)
      .on("deadline passed, no retries left", RUNNING, TIMED_OUT)
      .on("handed jobs to the triggerer", RUNNING, DEFERRED)
      .on("handed jobs over before the launch was recorded", DISPATCHED, DEFERRED)
      .on("run cancelled", RUNNING, CANCELLED)
      .on("all deferred jobs completed", DEFERRED, SUCCEEDED)
      .on("a deferred job failed, retries left", DEFERRED, RETRY_WAIT)
      .on("a deferred job failed, no retries left", DEFERRED, FAILED)
      .on("deadline passed, no retries left", DEFERRED, TIMED_OUT)
      .on("run cancelled", DEFERRED, CANCELLED)
      .on("dispatcher claimed the next attempt", RETRY_WAIT, DISPATCHED)
      .on("run cancelled", RETRY_WAIT, CANCELLED)
      .build();
}
