package dev.ork.cli;

import dev.ork.core.engine.EngineException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork cancel <run>}: cancels a run; the process running it stops its tasks. */
@Command(name = "cancel", description = "Cancel a run. Unfinished tasks are cancelled and running ones stopped.")
public final class CancelCommand implements Callable<Integer> {
  @CommandLine.Mixin DbOption db;

  @CommandLine.Parameters(paramLabel = "<run>") String runId;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (var store = db.open()) {
      var run = store.controlEngine().control().cancel(runId, "cancelled with `ork cancel`");
      spec.commandLine().getOut().println("run " + run.runId() + " " + run.status().wireName());
      return OrkCli.EXIT_OK;
    } catch (EngineException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return e.code() == EngineException.Code.NOT_FOUND ? OrkCli.EXIT_INVALID : OrkCli.EXIT_FAILED;
    }
  }
}
