package dev.ork.cli.remote;

import dev.ork.cli.OrkCli;
import dev.ork.core.run.RunStatus;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork remote status <run>}: GET /runs/{id}. */
@Command(name = "status", description = "Show a run and its tasks. Exit 0 succeeded, 1 failed/cancelled, 3 still going.")
final class StatusCommand extends RemoteVerb {
  static final int EXIT_GOING = 3;

  @CommandLine.Parameters(paramLabel = "<run>", description = "The run id.") String runId;

  @Override
  int call(OrkApi api) {
    var run = api.get("/runs/" + OrkApi.encode(runId), Map.of()).path("run");
    RemoteRunView.summary(out(), RemoteRunView.ordered(run, RemoteRunView.taskOrder(api, run)));
    var status = RemoteRunView.runStatus(run);
    if (!status.isTerminal()) return EXIT_GOING;
    return status == RunStatus.SUCCEEDED ? OrkCli.EXIT_OK : OrkCli.EXIT_FAILED;
  }
}
