package dev.ork.core.run;

/** What moves a run: each row of {@link RunTransitions} names its trigger, and guards its writes. */
public enum RunTrigger {
  /** Its tasks are stored: start running. */
  ACTIVATE,
  PAUSE,
  RESUME,
  /** Every task is terminal. */
  COMPLETE,
  CANCEL,
  /** A finished run is rerun in place. */
  RERUN
}
