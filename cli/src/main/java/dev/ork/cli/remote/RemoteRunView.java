package dev.ork.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.cli.Durations;
import dev.ork.cli.RunView;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/** The API's run and task JSON, rendered like the local commands render runs ({@link RunView}). */
final class RemoteRunView {
  private RemoteRunView() {}

  static RunStatus runStatus(JsonNode run) {
    return RunStatus.valueOf(run.path("status").asText().toUpperCase(Locale.ROOT));
  }

  static String taskLine(JsonNode t, int nameWidth) {
    var status = TaskStatus.valueOf(t.path("status").asText().toUpperCase(Locale.ROOT));
    int attempt = t.path("attempt").asInt();
    var attempts = attempt > 1 ? " (attempt " + attempt + "/" + t.path("maxAttempts").asInt() + ")" : "";
    var started = instant(t.path("startedAt"));
    var duration = started == null ? "" : "  " + Durations.between(started, instant(t.path("finishedAt")));
    return String.format("  %s %-" + nameWidth + "s  %-15s%s%s", RunView.symbol(status), t.path("task").asText(),
        status.wireName(), duration, attempts);
  }

  static int nameWidth(JsonNode tasks) {
    int w = 4;
    for (var t : tasks) w = Math.max(w, t.path("task").asText().length());
    return w;
  }

  /** {@code GET /runs/{id}}'s run: a head line, each task, outputs and errors. */
  static void summary(PrintWriter out, JsonNode run) {
    out.println("run " + run.path("runId").asText() + " " + run.path("status").asText() + " in "
        + Durations.between(instant(run.path("createdAt")), instant(run.path("finishedAt"))) + " ("
        + run.path("workflow").asText() + ")");
    var tasks = run.path("tasks");
    int width = nameWidth(tasks);
    for (var t : tasks) {
      out.println(taskLine(t, width));
      if (t.hasNonNull("output")) out.println("      output: " + RunView.abbreviate(t.path("output").toString(), 200));
      if (t.hasNonNull("error") && !t.path("status").asText().equals("succeeded")) out.println("      error:  " + t.path("error").asText());
    }
    if (run.hasNonNull("error")) out.println("run error: " + run.path("error").asText());
  }

  static Instant instant(JsonNode n) {
    return n == null || !n.isTextual() ? null : Instant.parse(n.asText());
  }

  static String time(JsonNode n) {
    return n == null || !n.isTextual() ? "-" : n.asText().substring(0, Math.min(19, n.asText().length())).replace('T', ' ');
  }

  static String shortHash(String hash) {
    return hash == null ? "-" : hash.substring(0, Math.min(12, hash.length()));
  }
}
