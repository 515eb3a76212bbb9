package dev.ork.cli.remote;

import dev.ork.cli.OrkCli;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code ork remote schedule <workflow> --enable|--disable}: PUT /workflows/{name}/schedule. */
@Command(name = "schedule", description = "Turn a workflow's `schedule:` on or off. Missed times while off are not caught up.")
final class ScheduleCommand extends RemoteVerb {
  @CommandLine.Parameters(paramLabel = "<workflow>") String workflow;

  @CommandLine.ArgGroup(multiplicity = "1") Toggle toggle;

  static final class Toggle {
    @CommandLine.Option(names = "--enable", required = true) boolean enable;
    @CommandLine.Option(names = "--disable", required = true) boolean disable;
  }

  @Override
  int call(OrkApi api) {
    var w = api.send("PUT", "/workflows/" + OrkApi.encode(workflow) + "/schedule", Map.of(),
        OrkApi.JSON.createObjectNode().put("enabled", toggle.enable).toString(), "application/json", Map.of());
    if (w.path("scheduleEnabled").asBoolean()) {
      out().println("schedule of '" + workflow + "' on: " + w.path("schedule").asText() + ", next run at "
          + RemoteRunView.time(w.path("nextFireAt")) + " UTC");
    } else {
      out().println("schedule of '" + workflow + "' off");
    }
    return OrkCli.EXIT_OK;
  }
}
