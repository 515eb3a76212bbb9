package dev.ork.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork status <run>}: a run and each of its tasks. */
@Command(name = "status", description = "Show a run and its tasks. Exit 0 succeeded, 1 failed/cancelled, 3 still going.")
public final class StatusCommand implements Callable<Integer> {
  @CommandLine.Mixin DbOption db;

  @CommandLine.Parameters(paramLabel = "<run>", description = "The run id.")
  String runId;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Why a queued task waits: a full pool (named, or its run's max_active_tasks). */
  private static String waitingFor(LocalStore store, dev.ork.core.workflow.CompiledWorkflow wf, dev.ork.core.run.TaskRun t) {
    var ct = wf.task(t.taskName()).orElse(null);
    if (ct == null) return null;
    if (ct.pool() != null) {
      int size = store.slots.slots(ct.pool()).orElse(1);
      return "for a slot of pool " + ct.pool() + " (" + store.slots.holders(ct.pool(), size).size() + "/" + size + " in use)";
    }
    if (wf.maxActiveTasks() != null) return "for one of the run's max_active_tasks " + wf.maxActiveTasks() + " slots";
    return null;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    try (var store = db.openRepaired(spec.commandLine().getErr())) {
      var run = store.runs.run(runId).orElse(null);
      if (run == null) {
        spec.commandLine().getErr().println("error: no run " + runId + " (list them with `ork runs`)");
        return OrkCli.EXIT_INVALID;
      }
      var wf = store.snapshots.snapshot(run.workflowName(), run.snapshotHash()).orElse(null);
      RunView.summary(out, run, RunView.ordered(store.runs.tasks(runId), wf), t -> wf == null ? null : waitingFor(store, wf, t));
      if (run.status() == dev.ork.core.run.RunStatus.PENDING && wf != null && wf.maxActiveRuns() != null) {
        out.println("waiting: max_active_runs " + wf.maxActiveRuns() + " of workflow " + wf.name() + " (runs start in creation order)");
      }
      if (run.error() != null) out.println("run error: " + run.error());
      if (!run.status().isTerminal()) return 3;
      return run.status() == dev.ork.core.run.RunStatus.SUCCEEDED ? OrkCli.EXIT_OK : OrkCli.EXIT_FAILED;
    }
  }
}
