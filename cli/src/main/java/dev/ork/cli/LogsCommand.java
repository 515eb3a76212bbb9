package dev.ork.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork logs <run> <task>}: the captured stdout and stderr of a task's attempts. */
@Command(name = "logs", description = "Print the captured stdout/stderr of a task (all attempts, or one).")
public final class LogsCommand implements Callable<Integer> {
  @CommandLine.Mixin DbOption db;

  @CommandLine.Parameters(index = "0", paramLabel = "<run>") String runId;

  @CommandLine.Parameters(index = "1", paramLabel = "<task>") String task;

  @CommandLine.Option(names = "--attempt", description = "Only this attempt (1-based).")
  int attempt;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    try (var store = db.open()) {
      if (store.runs.run(runId).isEmpty()) {
        err.println("error: no run " + runId + " (list them with `ork runs`)");
        return OrkCli.EXIT_INVALID;
      }
      var t = store.runs.task(runId, task).orElse(null);
      if (t == null) {
        err.println("error: run " + runId + " has no task '" + task + "' (see `ork status " + runId + "`)");
        return OrkCli.EXIT_INVALID;
      }
      int from = attempt > 0 ? attempt : 1;
      int to = attempt > 0 ? attempt : Math.max(1, t.attempt());
      for (int a = from; a <= to; a++) {
        var text = store.logs.read(runId, task, a);
        if (to > from || attempt > 0) out.println("── " + task + " attempt " + a + " ──");
        if (text.isEmpty()) out.println("(no output captured)");
        out.print(text);
      }
      out.flush();
    }
    return OrkCli.EXIT_OK;
  }
}
