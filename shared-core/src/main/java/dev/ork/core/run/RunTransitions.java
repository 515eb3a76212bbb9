package dev.ork.core.run;

import static dev.ork.core.run.RunStatus.*;

/** Every legal run transition. docs/state-machines.md is generated from this table. */
public final class RunTransitions {
  private RunTransitions() {}

  public static final StateMachine<RunStatus> TABLE = StateMachine.builder(RunStatus.class)
      .on("tasks materialised", PENDING, RUNNING)
      .on("pause", PENDING, PAUSED)
      .on("pause", RUNNING, PAUSED)
      .on("resume", PAUSED, RUNNING)
      .on("all tasks succeeded", RUNNING, SUCCEEDED)
      .on("all tasks terminal, one failed", RUNNING, FAILED)
      .on("all tasks succeeded while paused", PAUSED, SUCCEEDED)
      .on("all tasks terminal while paused, one failed", PAUSED, FAILED)
      .on("cancel", PENDING, CANCELLED)
      .on("cancel", RUNNING, CANCELLED)
      .on("cancel", PAUSED, CANCELLED)
      .build();
}
