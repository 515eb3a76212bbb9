package dev.ork.core.run;

import static dev.ork.core.run.RunStatus.*;

import java.util.Set;

/**
 * Every legal run transition and its trigger: the guard of every conditional run write is read from
 * this table. docs/state-machines.md is generated from it.
 */
public final class RunTransitions {
  private RunTransitions() {}

  /** The source statuses a write for {@code trigger} to {@code to} is guarded by. */
  public static Set<RunStatus> guard(RunTrigger trigger, RunStatus to) {
    return TABLE.guard(trigger, to);
  }

  public static final StateMachine<RunStatus, RunTrigger> TABLE = StateMachine.builder(RunStatus.class, RunTrigger.class)
      .on("tasks materialised", PENDING, RUNNING, RunTrigger.ACTIVATE)
      .on("pause", PENDING, PAUSED, RunTrigger.PAUSE)
      .on("pause", RUNNING, PAUSED, RunTrigger.PAUSE)
      .on("resume", PAUSED, RUNNING, RunTrigger.RESUME)
      .on("all tasks succeeded", RUNNING, SUCCEEDED, RunTrigger.COMPLETE)
      .on("all tasks terminal, one failed", RUNNING, FAILED, RunTrigger.COMPLETE)
      .on("all tasks succeeded while paused", PAUSED, SUCCEEDED, RunTrigger.COMPLETE)
      .on("all tasks terminal while paused, one failed", PAUSED, FAILED, RunTrigger.COMPLETE)
      .on("cancel", PENDING, CANCELLED, RunTrigger.CANCEL)
      .on("cancel", RUNNING, CANCELLED, RunTrigger.CANCEL)
      .on("cancel", PAUSED, CANCELLED, RunTrigger.CANCEL)
      .on("rerun", FAILED, RUNNING, RunTrigger.RERUN)
      .on("rerun", CANCELLED, RUNNING, RunTrigger.RERUN)
      .on("rerun a task", SUCCEEDED, RUNNING, RunTrigger.RERUN)
      .build();
}
