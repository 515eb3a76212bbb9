package dev.ork.cli.remote;

import dev.ork.cli.Durations;
import dev.ork.cli.OrkCli;
import java.util.LinkedHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork remote runs <workflow>}: GET /workflows/{name}/runs, newest first. */
@Command(name = "runs", description = "List a workflow's runs, newest first.")
final class RunsCommand extends RemoteVerb {
  @CommandLine.Parameters(paramLabel = "<workflow>") String workflow;

  @CommandLine.Option(names = "--status", description = "Only runs in this status (pending, running, paused, succeeded, failed, cancelled).")
  String status;

  @CommandLine.Option(names = "--limit", description = "How many, 1-100 (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @CommandLine.Option(names = "--cursor", description = "Continue after a previous page (printed under it).")
  String cursor;

  @Override
  int call(OrkApi api) {
    var query = new LinkedHashMap<String, String>();
    query.put("status", status);
    query.put("limit", String.valueOf(limit));
    query.put("cursor", cursor);
    var page = api.get("/workflows/" + OrkApi.encode(workflow) + "/runs", query);
    var runs = page.path("runs");
    if (runs.isEmpty()) {
      out().println("no runs");
      return OrkCli.EXIT_OK;
    }
    var format = "%-36s  %-10s  %-8s  %-20s  %8s  %s";
    out().println(String.format(format, "RUN", "STATUS", "BY", "STARTED", "TOOK", "TASKS"));
    for (var r : runs) {
      out().println(String.format(format, r.path("runId").asText(), r.path("status").asText(), r.path("triggeredBy").asText(),
          RemoteRunView.time(r.path("createdAt")),
          Durations.between(RemoteRunView.instant(r.path("createdAt")), RemoteRunView.instant(r.path("finishedAt"))),
          r.path("tasksTerminal").asInt() + "/" + r.path("taskCount").asInt()));
    }
    if (page.hasNonNull("nextCursor")) {
      out().println("more: ork remote runs " + workflow + " --limit " + limit + " --cursor " + page.path("nextCursor").asText());
    }
    return OrkCli.EXIT_OK;
  }
}
