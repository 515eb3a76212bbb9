package dev.ork.infra.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.workflow.ExecutorSpec;
import java.lang.System.Logger.Level;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Runs {@code executor: lambda} tasks by an asynchronous Invoke ({@code InvocationType=Event}) of the
 * task's function with the payload {@code {"run","task","attempt","workflow","inputs"}} (see
 * {@link #payload}). The execution id is the Invoke response's request id. The outcome comes back
 * through the function's Lambda destinations (OnSuccess and OnFailure both pointing at the status
 * queue), decoded by {@link LambdaDestinationRecord}.
 *
 * <p>Throttling, 5xx and network errors are retryable launch failures; 4xx (function not found,
 * access denied, invalid request) are not. {@link #stop} cannot stop a Lambda invocation: it only
 * logs, and the engine's attempt fencing discards the late result.
 */
public final class LambdaExecutor implements TaskExecutor {

  public static final String KIND = "lambda";
  private static final System.Logger LOG = System.getLogger(LambdaExecutor.class.getName());
  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /**
   * The largest event sent as is. Lambda takes 1 MB (1,000,000 bytes) per asynchronous invoke, but its
   * destination record repeats the event and must fit the status queue's 256 KiB message
   * ({@link dev.ork.infra.sqs.SqsMessageQueue#DEFAULT_MAX_MESSAGE_BYTES}) with the response: past
   * 128 KiB the inputs go to the payload bucket and the event carries {@code inputs_payload} instead.
   */
  public static final int MAX_EVENT_BYTES = 128 * 1024;
  /** How long the presigned URLs of an event stay valid: an async event may wait in Lambda's queue. */
  public static final java.time.Duration EVENT_LINK_VALIDITY = java.time.Duration.ofHours(6);

  private final LambdaClient lambda;
  private final dev.ork.infra.payload.S3PayloadStore payloads;

  public LambdaExecutor(LambdaClient lambda) {
    this(lambda, null);
  }

  /** @param payloads where large inputs go and large outputs may be uploaded (null: neither) */
  public LambdaExecutor(LambdaClient lambda, dev.ork.infra.payload.S3PayloadStore payloads) {
    this.lambda = Objects.requireNonNull(lambda, "lambda");
    this.payloads = payloads;
  }

  @Override
  public String launch(TaskLaunch launch) throws LaunchException {
    if (!(launch.task().executor() instanceof ExecutorSpec.Lambda spec)) {
      throw new LaunchException("task " + launch.task().name() + " is not a lambda task", false);
    }
    var body = SdkBytes.fromUtf8String(event(launch));
    try {
      var response = lambda.invoke(b -> {
        b.functionName(spec.function()).invocationType(InvocationType.EVENT).payload(body);
        if (spec.qualifier() != null && !spec.qualifier().isBlank()) b.qualifier(spec.qualifier());
      });
      var requestId = response.responseMetadata().requestId();
      return requestId == null || requestId.isBlank() || "UNKNOWN".equals(requestId) ? launch.attemptId() : requestId;
    } catch (SdkServiceException e) {
      boolean retryable = e.isThrottlingException() || e.statusCode() >= 500 || e.statusCode() == 429;
      throw new LaunchException("lambda invoke of " + spec.function() + " failed (HTTP " + e.statusCode() + "): "
          + firstLine(e.getMessage()), retryable);
    } catch (SdkClientException e) {
      throw new LaunchException("lambda invoke of " + spec.function() + " failed: " + firstLine(e.getMessage()), true);
    }
  }

  @Override
  public void stop(String runId, String taskName, int attempt, String executionId, String reason) {
    LOG.log(Level.INFO, "lambda invocation {0} of {1}/{2} attempt {3} cannot be stopped ({4}); its late result is fenced",
        executionId, runId, taskName, attempt, reason);
  }

  /**
   * The event as sent: {@link #payload}, with the payload bucket plus {@code output_upload} (a presigned
   * PUT URL for an output too large to return) and, past {@link #MAX_EVENT_BYTES}, {@code inputs_payload}
   * (the inputs' reference and a presigned GET URL) in place of {@code inputs} (docs/executors.md).
   */
  String event(TaskLaunch launch) throws LaunchException {
    var n = payload(launch);
    if (payloads == null) return n.toString();
    var run = launch.runId();
    var task = launch.task().name();
    try {
      var upload = payloads.upload(run, task, launch.attempt(), EVENT_LINK_VALIDITY);
      n.putObject("output_upload").put("uri", upload.uri()).put("url", upload.url());
      var json = n.toString();
      if (json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_EVENT_BYTES) return json;
      var ref = payloads.put(run, task, launch.attempt(), MAPPER.writeValueAsBytes(n.get("inputs")));
      n.putNull("inputs");
      n.putObject("inputs_payload").put("uri", ref.uri()).put("size", ref.size()).put("sha256", ref.sha256())
          .put("url", payloads.link(ref, EVENT_LINK_VALIDITY));
      return n.toString();
    } catch (dev.ork.core.port.PayloadStore.PayloadException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new LaunchException("task " + task + ": cannot store its large input: " + e.getMessage(), true);
    }
  }

  /** The event a task function receives: {@code {"run","task","attempt","workflow","inputs"}}. */
  public static ObjectNode payload(TaskLaunch launch) {
    var n = MAPPER.createObjectNode();
    n.put("run", launch.runId());
    n.put("task", launch.task().name());
    n.put("attempt", launch.attempt());
    n.put("workflow", launch.workflowName());
    n.set("inputs", launch.input() == null ? MAPPER.createObjectNode() : launch.input());
    return n;
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
