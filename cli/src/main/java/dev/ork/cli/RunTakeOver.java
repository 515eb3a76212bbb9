package dev.ork.cli;

import dev.ork.core.run.Run;
import dev.ork.infra.local.LocalRuntime;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * What an {@code ork run --key K} attached to another {@code ork run}'s run does about that owner: it
 * leaves the run alone while the owner lives (no deadlines, sweeps or launches of its own), and when the
 * owner dies (kill -9, a crash) it takes the run over: it becomes the recorded owner (a conditional
 * write, so one of several attached processes wins), kills the dead owner's leftover task processes,
 * fails the attempts it left in flight as orphaned (retried per their retries), removes its lock file,
 * and runs the rest. For a run this process owns already it does nothing.
 */
final class RunTakeOver {
  /** How often an attached process checks its owner's lock: about the most a take-over waits. */
  static final Duration CHECK_EVERY = Duration.ofMillis(250);

  private final LocalStore store;
  private final RunLeases leases;
  private final String self;
  private final LocalRuntime runtime;
  private final PrintWriter err;
  private long nextCheck = System.nanoTime();

  /** For the process holding the lease {@code self} (its triggeredBy) and running {@code runtime}. */
  RunTakeOver(LocalStore store, RunLeases leases, String self, LocalRuntime runtime, PrintWriter err) {
    this.store = store;
    this.leases = leases;
    this.self = self;
    this.runtime = runtime;
    this.err = err;
  }

  /** Given the run as just read: takes it over if its owner died (checked at most every {@link #CHECK_EVERY}). */
  void check(Run run) {
    if (run.status().isTerminal() || self.equals(run.triggeredBy())) return;
    long now = System.nanoTime();
    if (now - nextCheck < 0) return;
    nextCheck = now + CHECK_EVERY.toNanos();
    if (!leases.orphaned(run) || !store.runs.reassignRun(run.runId(), run.triggeredBy(), self, Instant.now())) return;
    long pid = RunLeases.ownerPid(run);
    OrphanedRuns.killLeftovers(store.runs.tasks(run.runId()));
    leases.removeDeadOwner(run);
    runtime.takeOver(run.runId(), "orphaned: the `ork run` that ran it (pid " + pid + ") died");
    err.println("note: the `ork run` that owned run " + run.runId() + " (pid " + pid + ") died; took it over"
        + " (attempts it left running are retried per their retries)");
    err.flush();
  }
}
