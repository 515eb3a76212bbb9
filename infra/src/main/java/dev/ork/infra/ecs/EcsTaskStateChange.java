package dev.ork.infra.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.sqs.MessageDecodeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Decodes the EventBridge {@code ECS Task State Change} event that the template's rule sends to the
 * status queue:
 *
 * <pre>{"version":"0","detail-type":"ECS Task State Change","source":"aws.ecs","time":"…",
 *  "detail":{"taskArn","clusterArn","lastStatus":"STOPPED","startedBy":"ork-…","stopCode","stoppedReason",
 *   "containers":[{"name","exitCode","reason"}],
 *   "overrides":{"containerOverrides":[{"name","environment":[{"name":"ORK_RUN_ID","value":…},…]}]}}}</pre>
 *
 * The attempt is named by the {@code ORK_RUN_ID}, {@code ORK_TASK_NAME} and {@code ORK_ATTEMPT} variables
 * {@link EcsExecutor} put in the container override (EventBridge's ECS events carry the overrides but not
 * the tags; {@code startedBy} is a one-way hash). The overridden container is the task's container.
 * An event whose overrides do not name the attempt (the AWS documentation's sample has only the
 * container name) is matched through the {@link EcsTaskIndex}: the task ARN, then the startedBy token,
 * both recorded at launch.
 *
 * <ul>
 *   <li>{@code STOPPED} with that container's {@code exitCode} 0 → SUCCEEDED; the output is read by an
 *       {@link EcsTaskOutputs} (the container's last {@code ORK_OUTPUT:} log line, see ADR 0004).</li>
 *   <li>{@code STOPPED} otherwise → FAILED: {@code exit code N: <stoppedReason>}, or, when the container
 *       never ran (no exit code: image pull failure, capacity, stopped by Ork), the stop code, the
 *       stopped reason and the container's reason.</li>
 *   <li>any earlier {@code lastStatus} (if a rule ever sends one) → RUNNING.</li>
 * </ul>
 */
public final class EcsTaskStateChange {
  private EcsTaskStateChange() {}

  public static final String DETAIL_TYPE = "ECS Task State Change";
  public static final String RUN_ID = "ORK_RUN_ID";
  public static final String TASK_NAME = "ORK_TASK_NAME";
  public static final String ATTEMPT = "ORK_ATTEMPT";
  private static final int MAX_ERROR_CHARS = 1000;

  /** What one stopped (or running) Ork task's event says. {@code exitCode} is null when the container never ran. */
  public record Stopped(String runId, String taskName, int attempt, String taskArn, String clusterArn,
      String container, String lastStatus, Integer exitCode, String stopCode, String stoppedReason,
      String containerReason, Instant at) {

    public boolean stopped() {
      return "STOPPED".equals(lastStatus);
    }

    public boolean succeeded() {
      return stopped() && exitCode != null && exitCode == 0;
    }

    /** The task id: the last segment of the task ARN. */
    public String taskId() {
      return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }
  }

  /** True when {@code root} is an EventBridge ECS task-state event (and not an Ork envelope). */
  public static boolean looksLikeOne(JsonNode root) {
    return root != null && root.isObject() && !root.has("v") && DETAIL_TYPE.equals(root.path("detail-type").asText())
        && root.path("detail").isObject();
  }

  public static Stopped parse(JsonNode root) {
    return parse(root, EcsTaskIndex.none());
  }

  public static Stopped parse(JsonNode root, EcsTaskIndex index) {
    if (!looksLikeOne(root)) throw new MessageDecodeException("not an ECS Task State Change event");
    var d = root.get("detail");
    var taskArn = d.path("taskArn").asText(null);
    if (taskArn == null) throw new MessageDecodeException("ECS task-state event without detail.taskArn");
    var startedBy = d.path("startedBy").asText("");
    String container = null, run = null, task = null, attempt = null;
    for (var co : d.path("overrides").path("containerOverrides")) {
      String r = null, t = null, a = null;
      for (var kv : co.path("environment")) {
        switch (kv.path("name").asText("")) {
          case RUN_ID -> r = kv.path("value").asText(null);
          case TASK_NAME -> t = kv.path("value").asText(null);
          case ATTEMPT -> a = kv.path("value").asText(null);
          default -> { }
        }
      }
      if (r != null && t != null && a != null) {
        container = co.path("name").asText(null);
        run = r;
        task = t;
        attempt = a;
        break;
      }
    }
    if (run == null) {
      var entry = index.find(taskArn, startedBy.isEmpty() ? null : startedBy).orElseThrow(() -> new MessageDecodeException(
          "ECS task-state event for " + taskArn + " (startedBy '" + startedBy + "') is not an Ork task: no container"
              + " override carries ORK_RUN_ID, ORK_TASK_NAME and ORK_ATTEMPT, and neither its task ARN nor its"
              + " startedBy was recorded at launch"));
      run = entry.runId();
      task = entry.taskName();
      attempt = Integer.toString(entry.attempt());
      container = entry.container() != null ? entry.container() : onlyContainer(d);
    }
    int n;
    try {
      n = Integer.parseInt(attempt);
    } catch (NumberFormatException e) {
      throw new MessageDecodeException("ECS task-state event for " + taskArn + ": ORK_ATTEMPT '" + attempt + "' is not a number");
    }
    Integer exitCode = null;
    String containerReason = null;
    for (var c : d.path("containers")) {
      if (container != null && container.equals(c.path("name").asText())) {
        var code = c.get("exitCode");
        if (code != null && code.isIntegralNumber()) exitCode = code.intValue();
        containerReason = c.path("reason").asText(null);
      }
    }
    Instant at = null;
    var time = d.path("stoppedAt").asText(root.path("time").asText(null));
    if (time != null) {
      try {
        at = Instant.parse(time);
      } catch (DateTimeParseException ignored) {
        // the engine uses its clock
      }
    }
    return new Stopped(run, task, n, taskArn, d.path("clusterArn").asText(null), container,
        d.path("lastStatus").asText(""), exitCode, d.path("stopCode").asText(null), d.path("stoppedReason").asText(null),
        containerReason, at);
  }

  private static String onlyContainer(JsonNode detail) {
    var containers = detail.path("containers");
    return containers.size() == 1 ? containers.get(0).path("name").asText(null) : null;
  }

  /** The StatusUpdate for {@code root}; {@code outputs} reads a succeeded container's output. */
  public static StatusUpdate decode(JsonNode root, EcsTaskOutputs outputs) {
    return decode(root, outputs, EcsTaskIndex.none());
  }

  /** As {@link #decode(JsonNode, EcsTaskOutputs)}, matching events without Ork overrides through {@code index}. */
  public static StatusUpdate decode(JsonNode root, EcsTaskOutputs outputs, EcsTaskIndex index) {
    var s = parse(root, index);
    if (!s.stopped()) {
      return new StatusUpdate(s.runId(), s.taskName(), s.attempt(), StatusUpdate.Kind.RUNNING, null, null, s.taskArn(), s.at());
    }
    if (s.succeeded()) {
      var result = outputs.read(s);
      if (result.error() != null) {
        return new StatusUpdate(s.runId(), s.taskName(), s.attempt(), StatusUpdate.Kind.FAILED, null, cap(result.error()),
            s.taskArn(), s.at());
      }
      return new StatusUpdate(s.runId(), s.taskName(), s.attempt(), StatusUpdate.Kind.SUCCEEDED, result.output(), null,
          s.taskArn(), s.at());
    }
    return new StatusUpdate(s.runId(), s.taskName(), s.attempt(), StatusUpdate.Kind.FAILED, null, cap(error(s)), s.taskArn(),
        s.at());
  }

  static String error(Stopped s) {
    var sb = new StringBuilder();
    if (s.exitCode() != null) {
      sb.append("exit code ").append(s.exitCode());
      if (s.stoppedReason() != null) sb.append(": ").append(s.stoppedReason());
    } else {
      sb.append("ecs task stopped before container ").append(s.container()).append(" exited");
      if (s.stopCode() != null) sb.append(" (").append(s.stopCode()).append(")");
      if (s.stoppedReason() != null) sb.append(": ").append(s.stoppedReason());
    }
    if (s.containerReason() != null && !s.containerReason().isBlank()) sb.append("; container: ").append(s.containerReason());
    sb.append(" [").append(s.taskArn()).append("]");
    return sb.toString();
  }

  private static String cap(String s) {
    return s.length() > MAX_ERROR_CHARS ? s.substring(0, MAX_ERROR_CHARS) + "…" : s;
  }
}
