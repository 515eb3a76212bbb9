package dev.ork.cli.remote;

import dev.ork.cli.OrkCli;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code ork remote workflows}: GET /workflows. */
@Command(name = "workflows", description = "List the registered workflows.")
final class WorkflowsCommand extends RemoteVerb {
  @Override
  int call(OrkApi api) {
    var list = api.get("/workflows", Map.of()).path("workflows");
    if (list.isEmpty()) {
      out().println("no workflows (register one with `ork remote register <flow.yaml>`)");
      return OrkCli.EXIT_OK;
    }
    var format = "%-24s  %-12s  %-22s  %-20s  %s";
    out().println(String.format(format, "WORKFLOW", "SNAPSHOT", "SCHEDULE", "NEXT FIRE", "UPDATED"));
    for (var w : list) {
      var schedule = w.hasNonNull("schedule") ? w.path("schedule").asText() + (w.path("scheduleEnabled").asBoolean() ? "" : " (off)") : "-";
      out().println(String.format(format, w.path("name").asText(), RemoteRunView.shortHash(w.path("snapshot").asText()),
          schedule, RemoteRunView.time(w.path("nextFireAt")), RemoteRunView.time(w.path("updatedAt"))));
    }
    return OrkCli.EXIT_OK;
  }
}
