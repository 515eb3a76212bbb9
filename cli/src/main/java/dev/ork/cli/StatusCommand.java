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
      var engine = store.controlEngine();
      RunView.summary(out, run, RunView.ordered(store.runs.tasks(runId), wf), t -> wf == null ? null : engine.waitingReason(run, t),
          ref -> store.payloads().fileOf(ref).toString());
      if (run.status() == dev.ork.core.run.RunStatus.PENDING && wf != null && wf.maxActiveRuns() != null) {
        out.println("waiting: max_active_runs " + wf.maxActiveRuns() + " of workflow " + wf.name() + " (runs start in creation order)");
      }
      if (run.error() != null) out.println("run error: " + run.error());
      if (run.intervalStart() != null) out.println("interval: " + run.intervalStart() + " → " + run.intervalEnd());
      if (!run.status().isTerminal()) return 3;
      return run.status() == dev.ork.core.run.RunStatus.SUCCEEDED ? OrkCli.EXIT_OK : OrkCli.EXIT_FAILED;
    }
  }
}
