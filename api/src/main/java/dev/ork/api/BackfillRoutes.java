package dev.ork.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.engine.Backfills;
import dev.ork.core.run.Backfill;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Backfills (docs/api.md "Backfills"): {@code POST /workflows/{name}/backfills {"from","to","max_active"}},
 * {@code GET /workflows/{name}/backfills}, {@code GET /backfills/{id}}, {@code POST /backfills/{id}/cancel}.
 */
final class BackfillRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("bf-[0-9a-f]{20}");
  private static final Set<String> FIELDS = Set.of("from", "to", "max_active");

  private final Backfills backfills;

  BackfillRoutes(Backfills backfills) {
    this.backfills = backfills;
  }

  /** {@code /workflows/{name}/backfills}; the workflow's existence is checked by the caller. */
  ApiRoutes.Response forWorkflow(String method, String workflow, JsonNode body) {
    return switch (method) {
      case "GET" -> {
        var root = JSON.createObjectNode();
        var list = root.putArray("backfills");
        backfills.list(workflow).forEach(b -> list.add(node(b)));
        yield new ApiRoutes.Response(200, root);
      }
      case "POST" -> create(workflow, body);
      default -> throw new ApiError(405, "method_not_allowed", method + " is not allowed here (allowed: GET, POST)");
    };
  }

  /** {@code /backfills/{id}} and {@code /backfills/{id}/cancel}. */
  ApiRoutes.Response byId(String method, String[] parts) {
    if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("cancel"))) {
      throw ApiError.notFound("no route /" + String.join("/", parts));
    }
    var id = parts[1];
    if (!ID.matcher(id).matches()) throw ApiError.invalidInput("backfill id must look like bf-<20 hex digits>, got '" + id + "'");
    var allowed = parts.length == 2 ? "GET" : "POST";
    if (!method.equals(allowed)) throw new ApiError(405, "method_not_allowed", method + " is not allowed here (allowed: " + allowed + ")");
    var b = parts.length == 2 ? backfills.require(id) : backfills.cancel(id);
    return new ApiRoutes.Response(200, JSON.createObjectNode().set("backfill", detail(b)));
  }

  private ApiRoutes.Response create(String workflow, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiError.invalidInput("the body must be a JSON object {\"from\":\"2026-01-01T00:00:00Z\",\"to\":…,\"max_active\":2}");
    }
    for (var it = body.fieldNames(); it.hasNext(); ) {
      var f = it.next();
      if (!FIELDS.contains(f)) throw ApiError.invalidInput("unknown field '" + f + "' (allowed: from, to, max_active)");
    }
    var from = Backfills.parseBound("'from'", text(body, "from"));
    var to = Backfills.parseBound("'to'", text(body, "to"));
    Integer maxActive = null;
    var m = body.get("max_active");
    if (m != null && !m.isNull()) {
      if (!m.isIntegralNumber() || !m.canConvertToInt()) throw ApiError.invalidInput("'max_active' must be an integer");
      maxActive = m.intValue();
    }
    var created = backfills.create(workflow, from, to, maxActive, "api");
    var root = JSON.createObjectNode();
    root.set("backfill", detail(created.backfill(), created.slots()));
    root.put("created", created.created());
    return new ApiRoutes.Response(created.created() ? 201 : 200, root);
  }

  private static String text(JsonNode body, String field) {
    var v = body.get(field);
    if (v == null || v.isNull()) throw ApiError.invalidInput("'" + field + "' is required (an ISO-8601 instant such as 2026-01-01T00:00:00Z)");
    if (!v.isTextual()) throw ApiError.invalidInput("'" + field + "' must be a string such as \"2026-01-01T00:00:00Z\"");
    return v.textValue();
  }

  private ObjectNode detail(Backfill b) {
    return detail(b, backfills.slots(b));
  }

  /** The backfill with its status, the count of its runs per status, and each slot's run. */
  private ObjectNode detail(Backfill b, List<Backfills.Slot> slots) {
    var n = node(b);
    var summary = backfills.summary(b, slots);
    n.put("status", summary.status());
    var counts = n.putObject("counts");
    summary.counts().forEach(counts::put);
    var runs = n.putArray("runs");
    for (var s : slots) {
      var r = runs.addObject();
      r.put("fireTime", s.fireTime().toString());
      r.put("intervalStart", s.interval().start().toString());
      r.put("intervalEnd", s.interval().end().toString());
      r.put("runId", s.run() == null ? null : s.run().runId());
      r.put("status", s.run() == null ? "not_started" : s.run().status().wireName());
      r.put("startedByBackfill", s.ownedBy(b));
    }
    return n;
  }

  private static ObjectNode node(Backfill b) {
    var n = JSON.createObjectNode();
    n.put("id", b.id());
    n.put("workflow", b.workflowName());
    n.put("snapshot", b.snapshotHash());
    n.put("from", b.from().toString());
    n.put("to", b.to().toString());
    n.put("maxActive", b.maxActive());
    n.put("slots", b.slots());
    n.put("triggeredBy", b.triggeredBy());
    n.put("createdAt", b.createdAt().toString());
    n.put("cancelledAt", b.cancelledAt() == null ? null : b.cancelledAt().toString());
    return n;
  }
}
