package dev.ork.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.cli.RunView;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The API's run and task JSON, rendered like the local commands render runs ({@link RunView}). */
final class RemoteRunView {
  private RemoteRunView() {}

  static RunStatus runStatus(JsonNode run) {
    return RunStatus.valueOf(run.path("status").asText().toUpperCase(Locale.ROOT));
  }

  static String taskLine(JsonNode t, int nameWidth) {
    var status = TaskStatus.valueOf(t.path("status").asText().toUpperCase(Locale.ROOT));
    return RunView.taskLine(t.path("task").asText(), status, t.path("attempt").asInt(), t.path("maxAttempts").asInt(),
        instant(t.path("startedAt")), instant(t.path("finishedAt")), nameWidth);
  }

  static int nameWidth(JsonNode tasks) {
    int w = 4;
    for (var t : tasks) w = Math.max(w, t.path("task").asText().length());
    return w;
  }

  /** {@code GET /runs/{id}}'s run: a head line, each task, outputs and errors. */
  static void summary(PrintWriter out, JsonNode run) {
    out.println(RunView.headLine(run.path("runId").asText(), run.path("status").asText(), instant(run.path("createdAt")),
        instant(run.path("finishedAt")), run.path("workflow").asText()));
    var tasks = run.path("tasks");
    int width = nameWidth(tasks);
    for (var t : tasks) {
      out.println(taskLine(t, width));
      if (t.hasNonNull("output")) out.println("      output: " + RunView.abbreviate(t.path("output").toString(), 200));
      if (t.hasNonNull("outputPath")) out.println("      output: " + RunView.outOfLine(t.path("outputSize").asLong(),
          t.hasNonNull("outputUrl") ? t.path("outputUrl").asText() : "GET " + t.path("outputPath").asText() + " on the API"));
      if (t.hasNonNull("error") && !t.path("status").asText().equals("succeeded")) out.println("      error:  " + t.path("error").asText());
      int shown = 0;
      for (var i : t.path("instances")) { // a foreach task's instances, as `ork status` lists them
        var st = TaskStatus.valueOf(i.path("status").asText().toUpperCase(Locale.ROOT));
        boolean failed = st.isFailure() && st != TaskStatus.CANCELLED;
        if (shown++ >= RunView.INSTANCES_SHOWN && !failed) continue;
        out.println("  " + taskLine(i, width));
        if (i.hasNonNull("error") && failed) out.println("        error:  " + i.path("error").asText());
      }
      if (shown > RunView.INSTANCES_SHOWN) out.println("    … " + t.path("instanceCount").asInt() + " instances in all");
    }
    if (run.hasNonNull("error")) out.println("run error: " + run.path("error").asText());
    if (run.hasNonNull("cost")) cost(out, run.path("cost"));
  }

  /** The run's {@code cost} (AWS only, docs/operations.md "Cost per run"): one line, then its breakdown. */
  static void cost(PrintWriter out, JsonNode c) {
    var usd = c.path("usd");
    boolean priced = c.path("estimatedUsd").isNumber();
    out.println(priced ? String.format(Locale.ROOT, "cost ≈ $%.6f at %s list prices", c.path("estimatedUsd").asDouble(),
        c.path("prices").asText()) : "cost: " + c.path("prices").asText());
    out.println(String.format(Locale.ROOT, "  DynamoDB %s WRU, %s RRU%s", num(c.path("dynamodb").path("wru")),
        num(c.path("dynamodb").path("rru")), priced ? dollars(usd, "dynamodbWrites", "dynamodbReads") : ""));
    out.println(String.format(Locale.ROOT, "  SQS      %s requests%s", num(c.path("sqsRequests")), priced ? dollars(usd, "sqs") : ""));
    out.println(String.format(Locale.ROOT, "  Lambda   %s invocations, %s GB-s%s", num(c.path("lambda").path("invocations")),
        num(c.path("lambda").path("gbSeconds")), priced ? dollars(usd, "lambdaRequests", "lambdaDuration") : ""));
  }

  private static String num(JsonNode n) {
    return new java.math.BigDecimal(n.asText("0")).stripTrailingZeros().toPlainString();
  }

  private static String dollars(JsonNode usd, String... parts) {
    var each = java.util.Arrays.stream(parts).map(p -> String.format(Locale.ROOT, "$%.6f", usd.path(p).asDouble())).toList();
    return "  (" + String.join(" + ", each) + ")";
  }

  static Instant instant(JsonNode n) {
    return n == null || !n.isTextual() ? null : Instant.parse(n.asText());
  }

  static String time(JsonNode n) {
    return n == null || !n.isTextual() ? "-" : n.asText().substring(0, Math.min(19, n.asText().length())).replace('T', ' ');
  }

  static String shortHash(String hash) {
    if (hash == null) return "-";
    var hex = hash.substring(hash.indexOf(':') + 1);
    return hex.substring(0, Math.min(12, hex.length()));
  }

  /**
   * The task order of the workflow's YAML (the API lists tasks in its store's order): read from the
   * workflow's current definition when the run uses that snapshot; else the given order.
   */
  static Map<String, Integer> taskOrder(OrkApi api, JsonNode run) {
    var order = new HashMap<String, Integer>();
    try {
      var workflow = api.get("/workflows/" + OrkApi.encode(run.path("workflow").asText()), Map.of());
      if (!workflow.path("snapshot").asText().equals(run.path("snapshot").asText())) return order;
      var tasks = workflow.path("definition").path("tasks");
      for (int i = 0; i < tasks.size(); i++) order.put(tasks.get(i).path("name").asText(), i);
    } catch (ApiProblem e) {
      // the order is cosmetic: keep the API's
    }
    return order;
  }

  /** {@code run} with its tasks sorted by {@code order} (unknown names last). */
  static JsonNode ordered(JsonNode run, Map<String, Integer> order) {
    if (order.isEmpty() || !run.path("tasks").isArray()) return run;
    var tasks = new ArrayList<JsonNode>();
    run.path("tasks").forEach(tasks::add);
    tasks.sort(Comparator.comparing(t -> order.getOrDefault(t.path("task").asText(), Integer.MAX_VALUE)));
    var copy = ((ObjectNode) run).deepCopy();
    copy.putArray("tasks").addAll(tasks);
    return copy;
  }
}
