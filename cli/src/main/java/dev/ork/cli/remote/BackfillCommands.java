package dev.ork.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.cli.OrkCli;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork remote backfill|backfills|backfill-status|backfill-cancel}: the backfill routes (docs/api.md "Backfills"). */
final class BackfillCommands {
  private BackfillCommands() {}

  @Command(name = "backfill", description = {"Backfill a scheduled workflow: one run per fire time of its schedule in "
      + "[--from, --to), oldest first, at most --max-active at once. Repeating it starts nothing twice.",
      "With --wait, follow it until every run has ended: exit 0 when all succeeded, 1 otherwise."})
  static final class Create extends RemoteVerb {
    @CommandLine.Parameters(paramLabel = "<workflow>") String workflow;

    @CommandLine.Mixin
    dev.ork.cli.BackfillRange range;

    @CommandLine.Option(names = "--wait", description = "Follow it until its runs have ended (Ctrl-C stops following; it goes on).")
    boolean wait;

    @CommandLine.Option(names = "--poll-ms", paramLabel = "<ms>", description = "With --wait, milliseconds between polls (default: ${DEFAULT-VALUE}).")
    long pollMillis = 2000;

    @Override
    int call(OrkApi api) {
      var body = OrkApi.JSON.createObjectNode().put("from", range.from).put("to", range.to);
      if (range.maxActive != null) body.put("max_active", range.maxActive);
      var answer = api.post("/workflows/" + OrkApi.encode(workflow) + "/backfills", body, Map.of());
      var b = answer.path("backfill");
      var id = b.path("id").asText();
      out().println("backfill " + id + " of " + workflow + ": " + b.path("slots").asInt() + " slot(s) in [" + b.path("from").asText()
          + ", " + b.path("to").asText() + "), at most " + b.path("maxActive").asInt() + " running at once"
          + (answer.path("created").asBoolean() ? "" : " (asked before: nothing is started twice)"));
      for (var r : b.path("runs")) {
        if (!r.path("startedByBackfill").asBoolean() && !r.path("runId").isNull()) {
          out().println("  " + r.path("fireTime").asText() + "  run " + r.path("runId").asText() + " exists: "
              + r.path("status").asText() + " (not started again)");
        }
      }
      if (!wait) {
        out().println("follow it with `ork remote backfill-status " + id + "`");
        return OrkCli.EXIT_OK;
      }
      String shown = null;
      while (true) {
        var counts = counts(b);
        if (!counts.equals(shown)) out().println("  [" + (shown = counts) + "]");
        out().flush();
        if (!b.path("status").asText().equals("running")) return summary(out(), b);
        try {
          Thread.sleep(pollMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return OrkCli.EXIT_FAILED;
        }
        b = api.get("/backfills/" + OrkApi.encode(id), Map.of()).path("backfill");
      }
    }
  }

  @Command(name = "backfills", description = "List a workflow's backfills, newest first.")
  static final class Listing extends RemoteVerb {
    @CommandLine.Parameters(paramLabel = "<workflow>") String workflow;

    @Override
    int call(OrkApi api) {
      var list = api.get("/workflows/" + OrkApi.encode(workflow) + "/backfills", Map.of()).path("backfills");
      if (list.isEmpty()) out().println("no backfills of " + workflow);
      for (var b : list) {
        out().println(b.path("id").asText() + "  [" + b.path("from").asText() + ", " + b.path("to").asText() + ")  "
            + b.path("slots").asInt() + " slot(s), at most " + b.path("maxActive").asInt() + " at once"
            + (b.path("cancelledAt").isNull() ? "" : ", cancelled " + b.path("cancelledAt").asText()));
      }
      return OrkCli.EXIT_OK;
    }
  }

  @Command(name = "backfill-status", description = "A backfill's status and how many of its runs are in each status. "
      + "Exit 0 when it succeeded or still runs, 1 when it failed or was cancelled.")
  static final class Status extends RemoteVerb {
    @CommandLine.Parameters(paramLabel = "<backfill>", description = "The backfill id (bf-…).") String id;

    @Override
    int call(OrkApi api) {
      return summary(out(), api.get("/backfills/" + OrkApi.encode(id), Map.of()).path("backfill"));
    }
  }

  @Command(name = "backfill-cancel", description = "Cancel a backfill as a whole: none of its runs starts any more, "
      + "and its unfinished runs are cancelled.")
  static final class Cancel extends RemoteVerb {
    @CommandLine.Parameters(paramLabel = "<backfill>", description = "The backfill id (bf-…).") String id;

    @Override
    int call(OrkApi api) {
      summary(out(), api.post("/backfills/" + OrkApi.encode(id) + "/cancel", null, Map.of()).path("backfill"));
      return OrkCli.EXIT_OK;
    }
  }

  private static String counts(JsonNode b) {
    var sb = new StringBuilder();
    b.path("counts").fields().forEachRemaining(e -> {
      if (e.getValue().asInt() > 0) sb.append(sb.isEmpty() ? "" : ", ").append(e.getValue().asInt()).append(' ').append(e.getKey());
    });
    return sb.toString();
  }

  /** Prints the status, counts and the runs to rerun; the exit code (0 succeeded or running). */
  static int summary(PrintWriter out, JsonNode b) {
    var status = b.path("status").asText();
    out.println("backfill " + b.path("id").asText() + " " + status + ": " + counts(b));
    for (var r : b.path("runs")) {
      var s = r.path("status").asText();
      if (s.equals("failed") || s.equals("cancelled")) {
        out.println("  " + r.path("fireTime").asText() + "  " + s + ": rerun it with `ork remote rerun " + r.path("runId").asText() + "`");
      }
    }
    out.flush();
    return status.equals("succeeded") || status.equals("running") ? OrkCli.EXIT_OK : OrkCli.EXIT_FAILED;
  }
}
