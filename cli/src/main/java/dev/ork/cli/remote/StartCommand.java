package dev.ork.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.cli.Inputs;
import dev.ork.cli.OrkCli;
import dev.ork.core.run.RunStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork remote start <workflow>}: POST /workflows/{name}/runs, optionally waiting for the end. */
@Command(name = "start", description = {"Start a run of a registered workflow and print its id.",
    "With --wait, follow its tasks until it ends: exit 0 when it succeeded, 1 otherwise (like `ork run`)."})
final class StartCommand extends RemoteVerb {
  @CommandLine.Parameters(paramLabel = "<workflow>") String workflow;

  @CommandLine.Option(names = "--input", paramLabel = "task.arg=value",
      description = "Override a const input for this run (JSON value or plain string). Repeatable.")
  List<String> inputs;

  @CommandLine.Option(names = "--key", paramLabel = "<key>",
      description = "Idempotency key: starting again with the same key returns the first run.")
  String key;

  @CommandLine.Option(names = "--wait", description = "Follow the run until it ends (Ctrl-C stops following; the run goes on).")
  boolean wait;

  @CommandLine.Option(names = "--poll-ms", paramLabel = "<ms>", description = "With --wait, milliseconds between polls (default: ${DEFAULT-VALUE}).")
  long pollMillis = 2000;

  @Override
  int call(OrkApi api) {
    var body = OrkApi.JSON.createObjectNode();
    var overrides = Inputs.parse(inputs);
    if (!overrides.isEmpty()) body.set("inputs", overrides);
    if (key != null) body.put("idempotencyKey", key);
    var answer = api.post("/workflows/" + OrkApi.encode(workflow) + "/runs", body, Map.of());
    var run = answer.path("run");
    var runId = run.path("runId").asText();
    if (answer.path("created").asBoolean()) {
      out().println("run " + runId + " started (" + workflow + ")");
    } else {
      out().println("run " + runId + " already started with key '" + key + "': " + run.path("status").asText());
    }
    if (!wait) {
      out().println("follow it with `ork remote status " + runId + "`");
      return OrkCli.EXIT_OK;
    }
    return follow(api, runId);
  }

  /** Polls GET /runs/{id}, printing each task whenever its status changes, then the summary. */
  private int follow(OrkApi api, String runId) {
    var seen = new HashMap<String, String>();
    Map<String, Integer> order = null;
    while (true) {
      var run = api.get("/runs/" + OrkApi.encode(runId), Map.of()).path("run");
      if (order == null) order = RemoteRunView.taskOrder(api, run);
      run = RemoteRunView.ordered(run, order);
      var tasks = run.path("tasks");
      int width = RemoteRunView.nameWidth(tasks);
      for (JsonNode t : tasks) {
        var state = t.path("status").asText() + "/" + t.path("attempt").asInt();
        if (!state.equals(seen.put(t.path("task").asText(), state))) out().println(RemoteRunView.taskLine(t, width));
      }
      out().flush();
      var status = RemoteRunView.runStatus(run);
      if (status.isTerminal()) {
        out().println();
        RemoteRunView.summary(out(), run);
        return status == RunStatus.SUCCEEDED ? OrkCli.EXIT_OK : OrkCli.EXIT_FAILED;
      }
      try {
        Thread.sleep(pollMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return OrkCli.EXIT_FAILED;
      }
    }
  }
}
