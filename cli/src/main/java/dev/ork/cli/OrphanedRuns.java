package dev.ork.cli;

import dev.ork.core.engine.EngineException;
import dev.ork.core.port.RunStore.RunQuery;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cleans up after an {@code ork run} that died without finishing its run (kill -9, a crash, a closed
 * laptop): its leftover task processes are killed and the run is cancelled with a reason, so the store
 * never claims a run is running when nothing runs it.
 */
final class OrphanedRuns {
  /** A pid counts as the task's process only if that process started within this much of the task. */
  private static final Duration PID_MATCH = Duration.ofSeconds(5);

  private OrphanedRuns() {}

  /** Cancels every orphaned run in {@code store}; returns them as they were found. */
  static List<Run> repair(LocalStore store, RunLeases leases, PrintWriter err) {
    return repair(store, leases, err, run -> false);
  }

  /** As {@link #repair(LocalStore, RunLeases, PrintWriter)}, but leaves the runs {@code spared} accepts (to take over). */
  static List<Run> repair(LocalStore store, RunLeases leases, PrintWriter err, java.util.function.Predicate<Run> spared) {
    var repaired = new ArrayList<Run>();
    for (var found : find(store, leases)) {
      if (spared.test(found)) continue;
      var run = store.runs.run(found.runId()).orElse(found);
      if (!leases.orphaned(run)) continue; // taken over meanwhile by an attached `ork run` (RunTakeOver)
      killLeftovers(store.runs.tasks(run.runId()));
      leases.removeDeadOwner(run);
      try {
        store.controlEngine().control().cancel(run.runId(),
            "orphaned: the `ork run` that ran it (pid " + RunLeases.ownerPid(run) + ") exited before it finished");
        err.println("note: run " + run.runId() + " (" + run.workflowName() + ") was left " + run.status().wireName()
            + " by an `ork run` that exited (pid " + RunLeases.ownerPid(run) + "); cancelled it");
        repaired.add(run);
      } catch (EngineException e) {
        // finished or cancelled meanwhile by someone else: nothing to repair
      }
    }
    return repaired;
  }

  static List<Run> find(LocalStore store, RunLeases leases) {
    var found = new ArrayList<Run>();
    for (var status : RunStatus.unfinished()) {
      String cursor = null;
      do {
        var page = store.runs.listRuns(new RunQuery(null, status, 100, cursor));
        page.runs().stream().filter(leases::orphaned).forEach(found::add);
        cursor = page.nextCursor();
      } while (cursor != null);
    }
    return found;
  }

  /** Kills the process trees of the tasks' attempts that still run (the ones they started, not reused pids). */
  static void killLeftovers(List<TaskRun> tasks) {
    tasks.forEach(OrphanedRuns::killLeftover);
  }

  private static void killLeftover(TaskRun task) {
    if (task.status() != TaskStatus.RUNNING || task.executionId() == null || task.startedAt() == null) return;
    long pid;
    try {
      pid = Long.parseLong(task.executionId());
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle.of(pid).ifPresent(p -> {
      var started = p.info().startInstant();
      if (started.isEmpty() || Duration.between(task.startedAt(), started.get()).abs().compareTo(PID_MATCH) > 0) return;
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
  }
}
