package dev.ork.infra.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.workflow.ExecutorSpec;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * Runs {@code executor: ecs} tasks as Fargate tasks: one {@code RunTask} per attempt (see docs/executors.md,
 * "ecs"). The execution id is the task ARN.
 *
 * <ul>
 *   <li>Network: {@code awsvpc} with the spec's subnets, security groups and {@code assignPublicIp}.</li>
 *   <li>Container override of the named {@code container}: {@code command} becomes
 *       {@code ["sh","-c",command]} (the same shell semantics as {@code executor: process}; the image needs
 *       {@code /bin/sh}); the environment is the spec's {@code environment} plus {@code ORK_INPUT_JSON},
 *       {@code ORK_ATTEMPT}, {@code ORK_RUN_ID}, {@code ORK_TASK_NAME}, {@code ORK_WORKFLOW_NAME}.</li>
 *   <li>Idempotency per attempt: {@code clientToken} and {@code startedBy} are both {@code ork-} plus 32
 *       hex characters of SHA-256(attemptId): 36 characters, inside RunTask's limits (startedBy ≤ 36,
 *       clientToken ≤ 64). A repeated launch of the same attempt (an SQS redelivery) returns the task
 *       RunTask already started.</li>
 *   <li>Tags {@code ork:run}, {@code ork:task}, {@code ork:attempt}, {@code ork:workflow} for people and
 *       billing. Completion is recognised from the ORK_* variables in the task-state event's overrides
 *       ({@link EcsTaskStateChange}), since EventBridge's ECS events carry no tags.</li>
 * </ul>
 *
 * <p>{@code failures[]} in the response and throttling, 5xx and network errors are retryable launch
 * failures; other 4xx (invalid parameters, access denied, missing cluster) and overrides over ECS's 8192
 * character limit are not.
 */
public final class EcsExecutor implements TaskExecutor {

  public static final String KIND = "ecs";
  /** Prefix of {@code startedBy}; the EventBridge rule matches task-state events on it. */
  public static final String STARTED_BY_PREFIX = "ork-";
  /** RunTask's limit for all overrides together, JSON formatting included. */
  static final int MAX_OVERRIDE_CHARS = 8192;
  private static final int MAX_STOP_REASON = 255;
  private static final System.Logger LOG = System.getLogger(EcsExecutor.class.getName());
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final EcsClient ecs;
  private final EcsTaskIndex index;

  public EcsExecutor(EcsClient ecs) {
    this(ecs, EcsTaskIndex.none());
  }

  /** Records each launch in {@code index} (startedBy before RunTask, the task ARN after) for event matching. */
  public EcsExecutor(EcsClient ecs, EcsTaskIndex index) {
    this.ecs = Objects.requireNonNull(ecs, "ecs");
    this.index = Objects.requireNonNull(index, "index");
  }

  @Override
  public String launch(TaskLaunch launch) throws LaunchException {
    if (!(launch.task().executor() instanceof ExecutorSpec.Ecs spec)) {
      throw new LaunchException("task " + launch.task().name() + " is not an ecs task", false);
    }
    String task = launch.task().name();
    if (blank(spec.cluster()) || blank(spec.taskDefinition()) || blank(spec.container())) {
      throw new LaunchException("ecs task " + task + " needs cluster, task_definition and container", false);
    }
    if (spec.subnets() == null || spec.subnets().isEmpty()) {
      throw new LaunchException("ecs task " + task + " needs at least one subnet (Fargate uses awsvpc networking)", false);
    }
    var env = environment(launch, spec);
    var override = ContainerOverride.builder().name(spec.container())
        .environment(env.entrySet().stream().map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList());
    List<String> command = blank(spec.command()) ? null : List.of("sh", "-c", spec.command());
    if (command != null) override.command(command);
    int chars = overrideChars(spec.container(), command, env);
    if (chars > MAX_OVERRIDE_CHARS) {
      throw new LaunchException("ecs task " + task + ": the container overrides (command, environment and the "
          + "task's input in ORK_INPUT_JSON) are " + chars + " characters, over RunTask's limit of "
          + MAX_OVERRIDE_CHARS + "; pass large inputs by reference (an S3 key)", false);
    }
    var token = token(launch.attemptId());
    var entry = new EcsTaskIndex.Entry(launch.runId(), task, launch.attempt(), spec.container());
    try {
      index.recordStartedBy(token, entry);
    } catch (RuntimeException e) {
      throw new LaunchException("ecs task " + task + ": recording the launch failed: " + firstLine(e.getMessage()), true);
    }
    try {
      var response = ecs.runTask(b -> b
          .cluster(spec.cluster())
          .taskDefinition(spec.taskDefinition())
          .launchType(LaunchType.FARGATE)
          .count(1)
          .startedBy(token)
          .clientToken(token)
          .networkConfiguration(n -> n.awsvpcConfiguration(a -> a
              .subnets(spec.subnets())
              .securityGroups(spec.securityGroups() == null ? List.of() : spec.securityGroups())
              .assignPublicIp(spec.assignPublicIp() ? AssignPublicIp.ENABLED : AssignPublicIp.DISABLED)))
          .overrides(o -> o.containerOverrides(override.build()))
          .tags(tags(launch)));
      if (response.hasTasks() && !response.tasks().isEmpty()) {
        var arn = response.tasks().getFirst().taskArn();
        try {
          index.recordTaskArn(arn, entry);
        } catch (RuntimeException e) { // the startedBy record still matches its events
          LOG.log(Level.WARNING, "ecs task " + arn + ": recording its ARN failed: " + firstLine(e.getMessage()));
        }
        return arn;
      }
      var why = response.hasFailures() && !response.failures().isEmpty()
          ? response.failures().stream().map(f -> f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")")
              + (f.arn() == null ? "" : " " + f.arn())).reduce((a, b) -> a + "; " + b).orElse("")
          : "no task and no failure in the response";
      throw new LaunchException("ecs RunTask of " + spec.taskDefinition() + " on " + spec.cluster()
          + " started no task: " + why, true);
    } catch (SdkServiceException e) {
      boolean retryable = e.isThrottlingException() || e.statusCode() >= 500 || e.statusCode() == 429;
      throw new LaunchException("ecs RunTask of " + spec.taskDefinition() + " on " + spec.cluster() + " failed (HTTP "
          + e.statusCode() + "): " + firstLine(e.getMessage()), retryable);
    } catch (SdkClientException e) {
      throw new LaunchException("ecs RunTask of " + spec.taskDefinition() + " failed: " + firstLine(e.getMessage()), true);
    }
  }

  @Override
  public void stop(String runId, String taskName, int attempt, String executionId, String reason) {
    if (blank(executionId) || !executionId.startsWith("arn:")) {
      LOG.log(Level.INFO, "ecs attempt {0}/{1}#{2} has no task ARN ({3}); nothing to stop", runId, taskName, attempt, executionId);
      return;
    }
    String cluster = clusterOf(executionId);
    String why = "ork: " + (blank(reason) ? "stopped" : reason);
    if (why.length() > MAX_STOP_REASON) why = why.substring(0, MAX_STOP_REASON);
    String finalWhy = why;
    try {
      ecs.stopTask(b -> {
        b.task(executionId).reason(finalWhy);
        if (cluster != null) b.cluster(cluster);
      });
    } catch (RuntimeException e) {
      // never throws: a finished or unknown task has nothing left to stop
      LOG.log(Level.WARNING, "ecs StopTask of " + executionId + " failed: " + firstLine(e.getMessage()));
    }
  }

  /** {@code ork-} + 32 hex characters of SHA-256(attemptId): the attempt's clientToken and startedBy. */
  public static String token(String attemptId) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(attemptId.getBytes(StandardCharsets.UTF_8));
      return STARTED_BY_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The container's environment: the spec's, then the ORK_* contract (which wins on a clash). */
  static Map<String, String> environment(TaskLaunch launch, ExecutorSpec.Ecs spec) {
    var env = new LinkedHashMap<String, String>();
    if (spec.environment() != null) env.putAll(spec.environment());
    env.put(EcsTaskStateChange.RUN_ID, launch.runId());
    env.put(EcsTaskStateChange.TASK_NAME, launch.task().name());
    env.put(EcsTaskStateChange.ATTEMPT, Integer.toString(launch.attempt()));
    env.put("ORK_WORKFLOW_NAME", launch.workflowName() == null ? "" : launch.workflowName());
    env.put("ORK_INPUT_JSON", inputJson(launch.input()));
    return env;
  }

  private static List<Tag> tags(TaskLaunch launch) {
    var tags = new ArrayList<Tag>();
    tags.add(tag("ork:run", launch.runId()));
    tags.add(tag("ork:task", launch.task().name()));
    tags.add(tag("ork:attempt", Integer.toString(launch.attempt())));
    if (launch.workflowName() != null) tags.add(tag("ork:workflow", launch.workflowName()));
    return tags;
  }

  /** Tag values allow letters, digits, spaces and {@code + - = . _ : / @}, up to 256 characters. */
  private static Tag tag(String key, String value) {
    var v = value.replaceAll("[^\\p{L}\\p{N} +\\-=._:/@]", "_");
    return Tag.builder().key(key).value(v.length() > 256 ? v.substring(0, 256) : v).build();
  }

  private static int overrideChars(String container, List<String> command, Map<String, String> env) {
    var o = MAPPER.createObjectNode();
    var c = o.putArray("containerOverrides").addObject();
    c.put("name", container);
    if (command != null) command.forEach(c.putArray("command")::add);
    var e = c.putArray("environment");
    env.forEach((k, v) -> e.addObject().put("name", k).put("value", v));
    return o.toString().length();
  }

  private static String inputJson(JsonNode input) {
    return input == null || input.isNull() || input.isMissingNode() ? "{}" : input.toString();
  }

  /** arn:aws:ecs:region:account:task/cluster/id → cluster; old-format ARNs (task/id) → null. */
  static String clusterOf(String taskArn) {
    int slash = taskArn.indexOf(":task/");
    if (slash < 0) return null;
    var rest = taskArn.substring(slash + ":task/".length()).split("/");
    return rest.length == 2 ? rest[0] : null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
