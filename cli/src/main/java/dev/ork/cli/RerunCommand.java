package dev.ork.cli;

import dev.ork.core.engine.EngineException;
import dev.ork.infra.process.ProcessExecutor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork rerun <run>}: reruns a finished run in place and follows it, like {@code ork run}. */
@Command(name = "rerun", description = "Rerun a finished run (failed, cancelled, or orphaned by a killed `ork run`) in place: "
    + "its tasks that did not succeed run again with their attempt numbers continuing; succeeded tasks keep their outputs. "
    + "Follows it with live progress. Exit 0 when it succeeds, 1 when it fails, 2 when it cannot be rerun.")
public final class RerunCommand implements Callable<Integer> {
  @CommandLine.Parameters(index = "0", paramLabel = "<run>") String runId;

  @CommandLine.Option(names = "--task", paramLabel = "<task>", description = "Run this task again (even if it succeeded), "
      + "and its descendants that did not succeed.")
  String task;

  @CommandLine.Option(names = "--downstream", description = "With --task: run all of its descendants again too.")
  boolean downstream;

  @CommandLine.Option(names = "--dir", paramLabel = "<folder>",
      description = "The workflow's folder, where its commands and scripts are (default: the current directory).")
  Path dir = Path.of(".");

  @CommandLine.Mixin LocalRunOptions local;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (downstream && task == null) throw new UserError("--downstream needs --task <task>");
    try (var store = LocalStore.open(local.db)) {
      var leases = new RunLeases(local.db);
      OrphanedRuns.repair(store, leases, err);
      var before = store.runs.run(runId).orElseThrow(() -> new UserError("run " + runId + " does not exist in " + local.db));
      if (!before.status().isTerminal()) {
        out.println("run " + runId + " is " + before.status().wireName() + ": nothing to do (only a finished run is rerun)");
        return OrkCli.EXIT_OK;
      }
      var wf = store.snapshots.snapshot(before.workflowName(), before.snapshotHash()).orElseThrow();
      var executor = new AtomicReference<ProcessExecutor>();
      try (var lease = leases.acquire();
           var runtime = local.runtime(store, dir.toAbsolutePath().normalize(), executor, err)) {
        dev.ork.core.run.Run run;
        try {
          run = runtime.rerun(runId, task, downstream, lease.triggeredBy());
        } catch (EngineException e) {
          err.println("error: " + e.getMessage());
          return OrkCli.EXIT_INVALID;
        }
        out.println("rerun of " + runId + " (" + wf.name() + ")" + (task == null ? "" : ", from task " + task
            + (downstream ? " and everything after it" : "")));
        out.flush();
        var takeOver = new RunTakeOver(store, leases, lease.triggeredBy(), runtime, err);
        return RunCommand.follow(store, runtime, run, wf, executor.get(), takeOver, local.quiet, out, err);
      } finally {
        if (executor.get() != null) executor.get().close();
      }
    }
  }
}
