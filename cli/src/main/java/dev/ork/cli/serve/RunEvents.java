package dev.ork.cli.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ork.api.ApiRoutes;
import dev.ork.core.port.RunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/runs/{id}/events} (local only): server-sent events of one run. The first event carries
 * the run with all its tasks; later ones the run and only the tasks that changed, whenever the run or a
 * task changed, read from the store every {@link #EVERY_MS} ms; the stream ends after the event that
 * shows the run finished (always sent, also when no task changed in that read).
 */
final class RunEvents {
  static final long EVERY_MS = 250;
  private static final Pattern PATH = Pattern.compile("/runs/([^/]+)/events/?");
  private final RunStore runs;
  private final ApiRoutes routes;

  RunEvents(RunStore runs, ApiRoutes routes) {
    this.runs = runs;
    this.routes = routes;
  }

  static String runIdOf(String path) {
    var m = PATH.matcher(path);
    return m.matches() ? m.group(1) : null;
  }

  void stream(HttpExchange exchange, String runId) throws IOException {
    var first = routes.handle(new ApiRoutes.Request("GET", "/runs/" + runId, null, null, null, false));
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, 0);
    var out = exchange.getResponseBody();
    var changes = new Changes();
    var body = (ObjectNode) first.body();
    long quietSince = System.currentTimeMillis();
    while (true) {
      var event = changes.of(body);
      var run = (ObjectNode) body.get("run");
      if (event != null) {
        out.write(("event: run\ndata: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        quietSince = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - quietSince > 15_000) {
        out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        quietSince = System.currentTimeMillis();
      }
      if (isFinished(run.path("status").asText())) return;
      try {
        Thread.sleep(EVERY_MS);
      } catch (InterruptedException e) {
        return;
      }
      body = (ObjectNode) routes.handle(new ApiRoutes.Request("GET", "/runs/" + runId, null, null, null, false)).body();
    }
  }

  /** What to send of each read: the run and the tasks that changed since the last event, or null if nothing did. */
  static final class Changes {
    private final java.util.Map<String, String> sentTasks = new HashMap<>();
    private String sentRun;

    ObjectNode of(ObjectNode body) {
      var run = (ObjectNode) body.get("run");
      var changed = run.arrayNode();
      for (var t : run.withArray("tasks")) {
        var text = t.toString();
        if (!text.equals(sentTasks.put(t.path("task").asText(), text))) changed.add(t);
      }
      // the run's own fields too: it may finish a read after its last task did, with no task changed
      var runText = run.deepCopy().without("tasks").toString();
      boolean runChanged = !runText.equals(sentRun);
      sentRun = runText;
      if (changed.isEmpty() && !runChanged) return null;
      var event = body.deepCopy();
      ((ObjectNode) event.get("run")).set("tasks", changed);
      return event;
    }
  }

  private static boolean isFinished(String status) {
    return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
  }
}
