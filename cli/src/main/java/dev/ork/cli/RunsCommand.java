package dev.ork.cli;

import dev.ork.core.port.RunStore.RunQuery;
import dev.ork.core.run.RunStatus;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork runs}: recent runs, newest first. */
@Command(name = "runs", description = "List recent runs, newest first.")
public final class RunsCommand implements Callable<Integer> {
  @CommandLine.Mixin DbOption db;

  @CommandLine.Option(names = "--workflow", description = "Only runs of this workflow.")
  String workflow;

  @CommandLine.Option(names = "--status", description = "Only runs in this status (pending, running, paused, succeeded, failed, cancelled).")
  String status;

  @CommandLine.Option(names = "--limit", description = "How many (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunStatus filter = null;
    if (status != null) {
      try {
        filter = RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--status '" + status
            + "': use one of pending, running, paused, succeeded, failed, cancelled");
      }
    }
    var out = spec.commandLine().getOut();
    try (var store = db.openRepaired(spec.commandLine().getErr())) {
      var page = store.runs.listRuns(new RunQuery(workflow, filter, limit, null));
      if (page.runs().isEmpty()) {
        out.println("no runs");
        return OrkCli.EXIT_OK;
      }
      out.println(String.format("%-36s  %-20s  %-10s  %-20s  %8s  %s", "RUN", "WORKFLOW", "STATUS", "STARTED", "TOOK", "TASKS"));
      for (var r : page.runs()) {
        out.println(String.format("%-36s  %-20s  %-10s  %-20s  %8s  %d/%d", r.runId(), r.workflowName(),
            r.status().wireName(), r.createdAt().toString().substring(0, 19).replace('T', ' '),
            Durations.between(r.createdAt(), r.finishedAt()), r.tasksTerminal(), r.taskCount()));
      }
    }
    return OrkCli.EXIT_OK;
  }
}
