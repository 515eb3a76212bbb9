package dev.ork.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.compiler.CompileResult;
import dev.ork.core.compiler.WorkflowCompiler;
import dev.ork.core.engine.Engine;
import dev.ork.core.engine.EngineException;
import dev.ork.core.port.Clock;
import dev.ork.core.port.RunStore;
import dev.ork.core.port.SnapshotStore;
import dev.ork.core.port.WorkflowRecord;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskRun;
import dev.ork.core.workflow.Instances;
import dev.ork.core.workflow.WorkflowJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HTTP API (docs/api.md): routes a request to the engine and stores, and answers JSON. Every
 * client mistake is an {@link ApiError} with a stable code; nothing here knows about Lambda types.
 */
public final class ApiRoutes {
  public static final int MAX_JSON_BYTES = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  public record Request(String method, String path, Map<String, String> headers, Map<String, String> query, String body,
                 boolean base64) {}

  public record Response(int status, JsonNode body) {}

  private final Engine engine;
  private final SnapshotStore snapshots;
  private final RunStore runs;
  private final WorkflowCompiler compiler;
  private final Clock clock;
  private final TaskLogs logs;
  private RunCosts costs;

  public ApiRoutes(Engine engine, SnapshotStore snapshots, RunStore runs, WorkflowCompiler compiler, Clock clock) {
    this(engine, snapshots, runs, compiler, clock, null);
  }

  /** @param logs where task logs are read ({@code GET /runs/{id}/tasks/{task}/log}); null: not available */
  public ApiRoutes(Engine engine, SnapshotStore snapshots, RunStore runs, WorkflowCompiler compiler, Clock clock,
      TaskLogs logs) {
    this.logs = logs;
    this.engine = engine;
    this.snapshots = snapshots;
    this.runs = runs;
    this.compiler = compiler;
    this.clock = clock;
  }

  /** Adds the {@code cost} object to {@code GET /runs/{id}} (AWS only; see {@link RunCosts}). */
  public ApiRoutes withCosts(RunCosts costs) {
    this.costs = costs;
    return this;
  }

  public Response handle(Request r) {
    var parts = r.path() == null ? new String[0] : r.path().replaceAll("^/+|/+$", "").split("/");
    var m = r.method() == null ? "" : r.method().toUpperCase(Locale.ROOT);
    if (parts.length >= 1 && parts[0].equals("workflows")) {
      if (parts.length == 1) return only(m, "GET", () -> listWorkflows());
      var name = name(parts[1]);
      if (parts.length == 2) {
        return switch (m) {
          case "GET" -> getWorkflow(name, r.query());
          case "PUT" -> putWorkflow(name, r);
          case "DELETE" -> deleteWorkflow(name);
          default -> throw notAllowed(m, "GET, PUT, DELETE");
        };
      }
      if (parts.length == 3 && parts[2].equals("runs")) {
        return switch (m) {
          case "GET" -> {
            requireWorkflow(name);
            yield listRuns(name, r.query());
          }
          case "POST" -> startRun(name, r);
          default -> throw notAllowed(m, "GET, POST");
        };
      }
      if (parts.length == 3 && parts[2].equals("schedule")) return only(m, "PUT", () -> setSchedule(name, r));
    }
    if (parts.length == 1 && parts[0].equals("runs")) {
      return only(m, "GET", () -> listRuns(optionalName(r.query()), r.query()));
    }
    if (parts.length == 5 && parts[0].equals("runs") && parts[2].equals("tasks") && parts[4].equals("log")) {
      return only(m, "GET", () -> taskLog(parts[1], parts[3], r.query()));
    }
    if (parts.length == 5 && parts[0].equals("runs") && parts[2].equals("tasks") && parts[4].equals("output")) {
      return only(m, "GET", () -> taskOutput(runId(parts[1]), parts[3]));
    }
    if (parts.length >= 1 && parts[0].equals("pools")) return new PoolRoutes(engine.slots()).handle(m, parts, r.body());
    if (parts.length >= 2 && parts[0].equals("runs")) {
      var runId = runId(parts[1]);
      if (parts.length == 2) return only(m, "GET", () -> getRun(runId));
      if (parts.length == 3) {
        return switch (parts[2]) {
          case "cancel" -> only(m, "POST", () -> runJson(200, engine.control().cancel(runId, reason(r))));
          case "pause" -> only(m, "POST", () -> runJson(200, engine.control().pause(runId)));
          case "resume" -> only(m, "POST", () -> runJson(200, engine.control().resume(runId)));
          case "rerun" -> only(m, "POST", () -> rerun(runId, r));
          default -> throw ApiError.notFound("no route " + r.path());
        };
      }
    }
    throw ApiError.notFound("no route " + r.path());
  }

  private Response putWorkflow(String name, Request r) {
    var yaml = text(r, WorkflowCompiler.MAX_BYTES);
    var result = compiler.compileSource(yaml, name + ".yaml", null);
    if (result instanceof CompileResult.Invalid invalid) {
      var diagnostics = JSON.createArrayNode();
      for (var d : invalid.diagnostics()) {
        diagnostics.addObject().put("line", d.line()).put("col", d.col()).put("code", d.code().code())
            .put("path", d.path()).put("message", d.message()).put("hint", d.hint());
      }
      throw new ApiError(400, "invalid_workflow", invalid.diagnostics().size() + " problem(s) in " + name + ".yaml",
          JSON.createObjectNode().set("diagnostics", diagnostics));
    }
    var wf = result.workflow();
    if (!wf.name().equals(name)) {
      throw new ApiError(400, "invalid_workflow", "the YAML names the workflow '" + wf.name()
          + "' but the path names '" + name + "'; register it under /workflows/" + wf.name());
    }
    boolean existed = snapshots.workflow(name).isPresent();
    var record = snapshots.register(wf, clock.now());
    var body = workflowJson(record);
    body.put("created", !existed);
    return new Response(existed ? 200 : 201, body);
  }

  private Response listWorkflows() {
    var list = JSON.createArrayNode();
    snapshots.workflows().stream().sorted(java.util.Comparator.comparing(WorkflowRecord::name))
        .forEach(w -> list.add(workflowJson(w)));
    return new Response(200, JSON.createObjectNode().set("workflows", list));
  }

  private Response deleteWorkflow(String name) {
    requireWorkflow(name);
    if (!snapshots.deleteWorkflow(name)) throw ApiError.notFound("workflow '" + name + "' is not registered");
    return new Response(200, JSON.createObjectNode().put("deleted", name));
  }

  private Response getWorkflow(String name, Map<String, String> query) {
    var record = requireWorkflow(name);
    var body = workflowJson(record);
    var wanted = query == null ? null : blankToNull(query.get("snapshot"));
    var hash = wanted != null ? wanted : record.currentSnapshotHash();
    var snapshot = snapshots.snapshot(name, hash);
    if (wanted != null && snapshot.isEmpty()) throw ApiError.notFound("workflow '" + name + "' has no snapshot " + wanted);
    snapshot.ifPresent(wf -> {
      try {
        body.set("definition", JSON.readTree(WorkflowJson.write(wf)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    });
    return new Response(200, body);
  }

  private Response startRun(String name, Request r) {
    requireWorkflow(name);
    var body = jsonBody(r);
    JsonNode inputs = null;
    String key = null;
    Instant intervalStart = null, intervalEnd = null;
    if (body != null) {
      if (!body.isObject()) throw ApiError.invalidInput("the body must be a JSON object {\"inputs\":{…},\"idempotencyKey\":…}");
      for (var it = body.fieldNames(); it.hasNext(); ) {
        var f = it.next();
        if (!START_FIELDS.contains(f)) {
          throw ApiError.invalidInput("unknown field '" + f + "' (allowed: " + String.join(", ", START_FIELDS) + ")");
        }
      }
      inputs = body.get("inputs");
      if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
        throw ApiError.invalidInput("'inputs' must be an object of \"task.arg\": value");
      }
      var k = body.get("idempotencyKey");
      if (k != null && !k.isNull()) {
        if (!k.isTextual() || k.textValue().isBlank()) throw ApiError.invalidInput("'idempotencyKey' must be a non-empty string");
        key = k.textValue();
      }
      intervalStart = instantField(body, "intervalStart");
      intervalEnd = instantField(body, "intervalEnd");
    }
    var header = header(r, "idempotency-key");
    if (header != null && !header.isBlank()) {
      if (key != null && !key.equals(header)) {
        throw ApiError.invalidInput("the Idempotency-Key header and the body's idempotencyKey differ");
      }
      key = header;
    }
    if (key != null && key.length() > 256) throw ApiError.invalidInput("idempotency key longer than 256 characters");
    var started = engine.start(new NewRun(name, null, "api", key, inputs == null || inputs.isNull() ? null : inputs,
        intervalStart, intervalEnd));
    var out = runJson(started.created() ? 201 : 200, started.run());
    ((ObjectNode) out.body()).put("created", started.created());
    return out;
  }

  private static final java.util.List<String> START_FIELDS = java.util.List.of("inputs", "idempotencyKey", "intervalStart", "intervalEnd");

  /** An optional ISO-8601 instant field of a JSON body. */
  static Instant instantField(JsonNode body, String field) {
    var v = body.get(field);
    if (v == null || v.isNull()) return null;
    try {
      return Instant.parse(v.asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiError.invalidInput("'" + field + "' must be an ISO-8601 instant in UTC such as 2026-01-31T00:00:00Z, got '" + v.asText() + "'");
    }
  }

  /** {@code POST /runs/{id}/rerun} with optional {@code {"task":"T","downstream":true}}. */
  private Response rerun(String runId, Request r) {
    var body = jsonBody(r);
    String task = null;
    boolean downstream = false;
    if (body != null && !body.isNull()) {
      if (!body.isObject()) throw ApiError.invalidInput("the body must be a JSON object {\"task\":…,\"downstream\":…}");
      for (var it = body.fieldNames(); it.hasNext(); ) {
        var f = it.next();
        if (!f.equals("task") && !f.equals("downstream")) throw ApiError.invalidInput("unknown field '" + f + "' (allowed: task, downstream)");
      }
      var t = body.get("task");
      if (t != null && !t.isNull()) {
        if (!t.isTextual()) throw ApiError.invalidInput("'task' must be a task name");
        task = t.textValue();
      }
      var d = body.get("downstream");
      if (d != null && !d.isNull()) {
        if (!d.isBoolean()) throw ApiError.invalidInput("'downstream' must be true or false");
        downstream = d.booleanValue();
      }
      if (downstream && task == null) throw ApiError.invalidInput("'downstream' needs 'task'");
    }
    return runJson(200, engine.control().rerun(runId, task, downstream, null));
  }

  private Response getRun(String runId) {
    var run = runs.run(runId).orElseThrow(() -> ApiError.notFound("run " + runId + " does not exist"));
    var body = runNode(run);
    if (costs != null) body.set("cost", costs.node(runId));
    var tasks = body.putArray("tasks");
    addTasksGrouped(tasks, run, runs.tasks(runId));
    return new Response(200, JSON.createObjectNode().set("run", body));
  }

  private static String optionalName(Map<String, String> query) {
    var raw = query == null ? null : blankToNull(query.get("workflow"));
    return raw == null ? null : name(raw);
  }

  /**
   * A task's whole output: the value, or for one stored out of line where the store has a link of
   * its own (S3: a presigned GET URL), that link, so no response outgrows the API's.
   */
  private Response taskOutput(String runId, String taskName) {
    var task = runs.task(runId, taskName).orElseThrow(() -> ApiError.notFound("run " + runId + " has no task '" + taskName + "'"));
    var body = JSON.createObjectNode().put("runId", runId).put("task", taskName);
    var ref = dev.ork.core.payload.PayloadRef.of(task.output()).orElse(null);
    if (ref == null) {
      body.set("output", task.output());
      return new Response(200, body);
    }
    body.put("outputSize", ref.size()).put("outputSha256", ref.sha256());
    var link = engine.payloads().link(ref);
    if (link.isPresent()) {
      body.put("outputUrl", link.get());
      return new Response(200, body);
    }
    try {
      body.set("output", engine.resolveOutput(task.output()));
    } catch (dev.ork.core.port.PayloadStore.PayloadException e) {
      throw new ApiError(410, "payload_gone", "the output of task '" + taskName + "' cannot be read: " + e.getMessage());
    }
    return new Response(200, body);
  }

  private Response taskLog(String runId, String taskName, Map<String, String> query) {
    var run = runs.run(runId).orElseThrow(() -> ApiError.notFound("run " + runId + " does not exist"));
    var task = runs.task(runId, taskName).orElseThrow(() -> ApiError.notFound("run " + runId + " has no task '" + taskName + "'"));
    int attempt = 0;
    var raw = query == null ? null : blankToNull(query.get("attempt"));
    if (raw != null) {
      try {
        attempt = Integer.parseInt(raw.trim());
      } catch (NumberFormatException e) {
        attempt = -1;
      }
      if (attempt < 1) throw ApiError.invalidInput("attempt must be a positive integer (leave it out for all attempts)");
    }
    var body = JSON.createObjectNode().put("runId", runId).put("task", taskName).put("attempt", attempt);
    if (logs == null) {
      body.putNull("log");
      return new Response(200, body);
    }
    var definition = snapshots.snapshot(run.workflowName(), run.snapshotHash()).flatMap(wf -> wf.task(taskName)).orElse(null);
    var log = logs.read(task, definition, attempt);
    body.put("log", log.text()).put("logGroup", log.logGroup()).put("logStream", log.logStream()).put("link", log.link());
    return new Response(200, body);
  }

  private Response listRuns(String name, Map<String, String> query) {
    var q = query == null ? Map.<String, String>of() : query;
    RunStatus status = null;
    if (q.get("status") != null && !q.get("status").isBlank()) {
      try {
        status = RunStatus.valueOf(q.get("status").trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiError.invalidInput("status must be one of pending, running, paused, succeeded, failed, cancelled");
      }
    }
    int limit = 20;
    if (q.get("limit") != null) {
      try {
        limit = Integer.parseInt(q.get("limit").trim());
      } catch (NumberFormatException e) {
        throw ApiError.invalidInput("limit must be an integer between 1 and 100");
      }
      if (limit < 1 || limit > 100) throw ApiError.invalidInput("limit must be an integer between 1 and 100");
    }
    RunStore.RunPage page;
    try {
      page = runs.listRuns(new RunStore.RunQuery(name, status, limit, blankToNull(q.get("cursor"))));
    } catch (IllegalArgumentException e) {
      throw ApiError.invalidInput("cursor is not valid: pass back the nextCursor of a previous page");
    }
    var body = JSON.createObjectNode();
    var list = body.putArray("runs");
    page.runs().forEach(run -> list.add(runNode(run)));
    body.put("nextCursor", page.nextCursor());
    return new Response(200, body);
  }

  private Response setSchedule(String name, Request r) {
    var record = requireWorkflow(name);
    var body = jsonBody(r);
    if (body == null || !body.isObject() || !body.has("enabled") || !body.get("enabled").isBoolean()) {
      throw ApiError.invalidInput("the body must be {\"enabled\": true|false} (with \"expression\" to set the schedule)");
    }
    var expression = body.get("expression");
    if (expression != null && !expression.isNull()) {
      if (!expression.isTextual() || expression.textValue().isBlank()) throw ApiError.invalidInput("'expression' must be a schedule expression such as \"rate(1 hour)\" or \"cron(0 6 * * ? *)\"");
      var problem = dev.ork.core.compiler.Schedules.problem(expression.textValue().trim());
      if (problem.isPresent()) throw ApiError.invalidInput("'expression': " + problem.get());
      var text = expression.textValue().trim();
      boolean on = body.get("enabled").booleanValue();
      snapshots.setScheduleExpression(name, text, on, on ? dev.ork.core.schedule.Schedule.of(text, null).nextAfter(clock.now()).orElse(null) : null);
      return new Response(200, workflowJson(requireWorkflow(name)));
    }
    if (record.schedule() == null) {
      throw ApiError.invalidInput("workflow '" + name + "' has no schedule: add `schedule:` to its YAML and register it again");
    }
    boolean enabled = body.get("enabled").booleanValue();
    var schedule = snapshots.snapshot(name, record.currentSnapshotHash()).flatMap(wf -> wf.fireSchedule())
        .orElseGet(() -> dev.ork.core.schedule.Schedule.of(record.schedule(), null));
    Instant next = enabled ? schedule.nextAfter(clock.now()).orElse(null) : null;
    snapshots.setSchedule(name, enabled, next);
    return new Response(200, workflowJson(requireWorkflow(name)));
  }

  // ---- helpers

  private WorkflowRecord requireWorkflow(String name) {
    return snapshots.workflow(name).orElseThrow(() -> ApiError.notFound("workflow '" + name + "' is not registered"));
  }

  /** Run ids Ork makes are UUIDs; anything longer or outside this alphabet cannot name a run (400, not a 500 from the store). */
  private static String runId(String raw) {
    if (!RUN_ID.matcher(raw).matches()) {
      throw ApiError.invalidInput("run id must be 1-128 letters, digits, '_' or '-' (Ork's run ids are UUIDs)");
    }
    return raw;
  }

  private static String name(String raw) {
    if (!NAME.matcher(raw).matches()) {
      throw ApiError.invalidInput("workflow name must be 1-128 letters, digits, '_', '-' or '.'");
    }
    return raw;
  }

  private static Response only(String method, String allowed, java.util.function.Supplier<Response> route) {
    if (!method.equals(allowed)) throw notAllowed(method, allowed);
    return route.get();
  }

  private static ApiError notAllowed(String method, String allowed) {
    return new ApiError(405, "method_not_allowed", method + " is not allowed here (allowed: " + allowed + ")");
  }

  private static String text(Request r, int maxBytes) {
    var raw = r.body() == null ? "" : r.body();
    if (r.base64()) {
      try {
        raw = new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiError.invalidInput("the body is marked base64 but is not");
      }
    }
    if (raw.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new ApiError(413, "payload_too_large", "the body is larger than " + maxBytes + " bytes");
    }
    return raw;
  }

  private static JsonNode jsonBody(Request r) {
    var raw = text(r, MAX_JSON_BYTES);
    if (raw.isBlank()) return null;
    try {
      return JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String reason(Request r) {
    var body = jsonBody(r);
    if (body == null) return null;
    var reason = body.get("reason");
    if (reason != null && !reason.isNull() && !reason.isTextual()) throw ApiError.invalidInput("'reason' must be a string");
    return reason == null || reason.isNull() ? null : reason.textValue();
  }

  private static String header(Request r, String lowerName) {
    if (r.headers() == null) return null;
    for (var e : r.headers().entrySet()) {
      if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(lowerName)) return e.getValue();
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static ObjectNode workflowJson(WorkflowRecord w) {
    var n = JSON.createObjectNode();
    n.put("name", w.name());
    n.put("snapshot", w.currentSnapshotHash());
    n.put("schedule", w.schedule());
    n.put("scheduleEnabled", w.scheduleEnabled());
    n.put("nextFireAt", str(w.nextFireAt()));
    n.put("updatedAt", str(w.updatedAt()));
    return n;
  }

  private static Response runJson(int status, Run run) {
    return new Response(status, JSON.createObjectNode().set("run", runNode(run)));
  }

  public static ObjectNode runNode(Run run) {
    var n = JSON.createObjectNode();
    n.put("runId", run.runId());
    n.put("workflow", run.workflowName());
    n.put("snapshot", run.snapshotHash());
    n.put("status", run.status().wireName());
    n.put("triggeredBy", run.triggeredBy());
    n.put("idempotencyKey", run.idempotencyKey());
    if (run.overrides() != null) n.set("inputs", run.overrides());
    n.put("taskCount", run.taskCount());
    n.put("tasksTerminal", run.tasksTerminal());
    n.put("tasksFailed", run.tasksFailed());
    n.put("error", run.error());
    n.put("createdAt", str(run.createdAt()));
    n.put("startedAt", str(run.startedAt()));
    n.put("finishedAt", str(run.finishedAt()));
    n.put("intervalStart", str(run.intervalStart()));
    n.put("intervalEnd", str(run.intervalEnd()));
    return n;
  }

  /** Tasks, each foreach task with its instances nested under it in element order ({@code instances}). */
  private void addTasksGrouped(com.fasterxml.jackson.databind.node.ArrayNode out, Run run, java.util.List<TaskRun> all) {
    var nodes = new java.util.LinkedHashMap<String, ObjectNode>();
    all.stream().filter(t -> !Instances.isInstance(t.taskName())).forEach(t -> nodes.put(t.taskName(), taskNode(run, t)));
    all.stream().filter(t -> Instances.isInstance(t.taskName()))
        .sorted(java.util.Comparator.comparingInt(t -> Instances.indexOf(t.taskName())))
        .forEach(t -> {
          var parent = nodes.get(Instances.parentOf(t.taskName()));
          if (parent != null) parent.withArray("instances").add(taskNode(run, t));
        });
    nodes.values().forEach(out::add);
  }

  private ObjectNode taskNode(Run run, TaskRun t) {
    var n = JSON.createObjectNode();
    n.put("task", t.taskName());
    n.put("status", t.status().name().toLowerCase(Locale.ROOT));
    n.put("attempt", t.attempt());
    n.put("maxAttempts", t.maxAttempts());
    n.put("executionId", t.executionId());
    outputFields(n, run, t);
    n.put("error", t.error());
    n.put("queuedAt", str(t.queuedAt()));
    n.put("startedAt", str(t.startedAt()));
    n.put("finishedAt", str(t.finishedAt()));
    n.put("deadline", str(t.deadline()));
    n.put("retryAt", str(t.retryAt()));
    if (t.instances() > 0) n.put("instanceCount", t.instances());
    var waiting = engine.waitingReason(run, t);
    if (waiting != null) n.put("waitingReason", waiting);
    return n;
  }

  /**
   * The output, or for one stored out of line its size, digest and where to fetch it: {@code outputUrl}
   * when the store links to it (S3: presigned), and always {@code outputPath}, this API's route for it.
   */
  private void outputFields(ObjectNode n, Run run, TaskRun t) {
    if (t.output() == null) return;
    var ref = dev.ork.core.payload.PayloadRef.isRef(t.output()) ? dev.ork.core.payload.PayloadRef.of(t.output()).orElseThrow() : null;
    if (ref == null) {
      n.set("output", t.output());
      return;
    }
    n.put("outputSize", ref.size()).put("outputSha256", ref.sha256());
    n.put("outputPath", "/runs/" + run.runId() + "/tasks/" + t.taskName() + "/output");
    engine.payloads().link(ref).ifPresent(url -> n.put("outputUrl", url));
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }

  public static ObjectNode errorBody(String code, String message, JsonNode details) {
    var root = JSON.createObjectNode();
    var e = root.putObject("error");
    e.put("code", code);
    e.put("message", message);
    if (details != null && details.isObject()) details.fields().forEachRemaining(f -> e.set(f.getKey(), f.getValue()));
    return root;
  }

  public static ObjectNode engineErrorBody(EngineException e) {
    return errorBody(engineCode(e), e.getMessage(), null);
  }

  public static String engineCode(EngineException e) {
    return switch (e.code()) {
      case NOT_FOUND -> "not_found";
      case CONFLICT -> "conflict";
      case INVALID_INPUT -> "invalid_input";
    };
  }

  public static int engineStatus(EngineException e) {
    return switch (e.code()) {
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case INVALID_INPUT -> 400;
    };
  }

  public static ArrayNode emptyArray() {
    return JSON.createArrayNode();
  }
}
