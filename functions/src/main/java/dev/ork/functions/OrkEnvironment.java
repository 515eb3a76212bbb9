package dev.ork.functions;

import java.util.List;
import java.util.Map;

/**
 * The environment variables each Lambda handler reads: the contract between the handlers and
 * template.yaml (the template test checks every one is set for its function).
 */
public final class OrkEnvironment {
  private OrkEnvironment() {}

  public static final String TABLE = "ORK_TABLE";
  public static final String DISPATCH_QUEUE_URL = "ORK_DISPATCH_QUEUE_URL";
  public static final String STATUS_QUEUE_URL = "ORK_STATUS_QUEUE_URL";
  public static final String DISPATCH_DLQ_URL = "ORK_DISPATCH_DLQ_URL";
  public static final String STATUS_DLQ_URL = "ORK_STATUS_DLQ_URL";
  /** Days finished runs are kept before DynamoDB's TTL removes them. Optional (default 30). */
  public static final String RUN_RETENTION_DAYS = "ORK_RUN_RETENTION_DAYS";
  /** Tests only: send every AWS SDK client to this endpoint (an emulator). Never set on AWS. */
  public static final String ENDPOINT_OVERRIDE = "ORK_AWS_ENDPOINT";
  /** Tests only: per-service endpoints, winning over {@link #ENDPOINT_OVERRIDE}. Never set on AWS. */
  public static final String ENDPOINT_DYNAMODB = "ORK_AWS_ENDPOINT_DYNAMODB";
  public static final String ENDPOINT_SQS = "ORK_AWS_ENDPOINT_SQS";
  public static final String ENDPOINT_LAMBDA = "ORK_AWS_ENDPOINT_LAMBDA";
  public static final String ENDPOINT_ECS = "ORK_AWS_ENDPOINT_ECS";
  public static final String ENDPOINT_LOGS = "ORK_AWS_ENDPOINT_LOGS";
  /**
   * The log group Ork's ECS task containers log to (awslogs driver, stream prefix {@code ork}); the status
   * handler reads a stopped task's {@code ORK_OUTPUT:} line there (docs/adr/0004-ecs-task-outputs.md).
   */
  public static final String ECS_LOG_GROUP = "ORK_ECS_LOG_GROUP";
  /** The awslogs-stream-prefix of Ork's ECS task containers. */
  public static final String ECS_LOG_STREAM_PREFIX = "ork";
  /** The region of every client; Lambda sets it on AWS. Falls back to us-east-1 only with an endpoint override. */
  public static final String REGION = "AWS_REGION";
  /** The stack name: the {@code Stack} dimension of Ork's metrics (optional, "local"). */
  public static final String STACK_NAME = "ORK_STACK_NAME";
  /** The EventBridge bus run status changes go to (optional: unset publishes none). */
  public static final String EVENT_BUS = "ORK_EVENT_BUS";
  public static final String ENDPOINT_EVENTS = "ORK_AWS_ENDPOINT_EVENTS";
  /** {@code off} stops recording cost per run (its one usage write per run per batch); default {@code on}. */
  public static final String RUN_COST = "ORK_RUN_COST";
  /** The region whose list prices estimate each run's cost (optional: the function's own AWS_REGION). */
  public static final String PRICING_REGION = "ORK_PRICING_REGION";
  /** The functions' Lambda architecture, arm64 or x86_64, for the GB-second price (template Globals). */
  public static final String LAMBDA_ARCHITECTURE = "ORK_LAMBDA_ARCHITECTURE";
  /** Most due deadlines and stale runs one tick sweeps (optional, default 100). */
  public static final String SWEEP_LIMIT = "ORK_SWEEP_LIMIT";
  /** The payload bucket: outputs over the inline limit and large Lambda inputs (template.yaml PayloadBucket). */
  public static final String PAYLOAD_BUCKET = "ORK_PAYLOAD_BUCKET";
  public static final String ENDPOINT_S3 = "ORK_AWS_ENDPOINT_S3";

  /** Required variables per handler class simple name. */
  public static final Map<String, List<String>> REQUIRED = Map.of(
      "ApiHandler", List.of(TABLE, DISPATCH_QUEUE_URL, STATUS_QUEUE_URL, PAYLOAD_BUCKET),
      "SchedulerTickHandler", List.of(TABLE, DISPATCH_QUEUE_URL, STATUS_QUEUE_URL, PAYLOAD_BUCKET),
      "DispatcherHandler", List.of(TABLE, DISPATCH_QUEUE_URL, STATUS_QUEUE_URL, DISPATCH_DLQ_URL, PAYLOAD_BUCKET),
      "StatusUpdateHandler", List.of(TABLE, DISPATCH_QUEUE_URL, STATUS_QUEUE_URL, STATUS_DLQ_URL, ECS_LOG_GROUP, PAYLOAD_BUCKET),
      "TriggererHandler", List.of(TABLE, DISPATCH_QUEUE_URL, STATUS_QUEUE_URL, PAYLOAD_BUCKET));

  /** Every variable {@code handler} requires that {@code env} lacks (blank counts as missing). */
  public static List<String> missing(String handler, Map<String, String> env) {
    var required = REQUIRED.get(handler);
    if (required == null) throw new IllegalArgumentException("unknown handler " + handler);
    return required.stream().filter(n -> env.get(n) == null || env.get(n).isBlank()).toList();
  }

  public static String require(String name) {
    var value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + name + " is not set (template.yaml sets it)");
    }
    return value;
  }

  public static String optional(String name, String fallback) {
    var value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
