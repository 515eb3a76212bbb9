package dev.ork.infra.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.sqs.MessageDecodeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Decodes the invocation record Lambda sends to an asynchronous invocation's destination:
 *
 * <pre>{"version":"1.0","timestamp":"…","requestContext":{"requestId","functionArn","condition",
 *  "approximateInvokeCount"},"requestPayload":{…the Ork payload…},
 *  "responseContext":{"statusCode","executedVersion","functionError"?},"responsePayload":…}</pre>
 *
 * into a {@link StatusUpdate} for the attempt named by {@code requestPayload} ({@code run},
 * {@code task}, {@code attempt}). Condition {@code Success} without a {@code functionError} is
 * SUCCEEDED with {@code responsePayload} as output; anything else (a function error,
 * {@code RetriesExhausted}, {@code EventAgeExceeded}) is FAILED with the error from
 * {@code responsePayload.errorType/errorMessage}, or the condition when there is none.
 */
public final class LambdaDestinationRecord {
  private LambdaDestinationRecord() {}

  private static final int MAX_ERROR_CHARS = 1000;

  /** True when {@code root} looks like a destination record (and not an Ork envelope). */
  public static boolean looksLikeOne(JsonNode root) {
    return root != null && root.isObject() && !root.has("v") && root.has("requestContext") && root.has("requestPayload");
  }

  public static StatusUpdate decode(JsonNode root) {
    if (!looksLikeOne(root)) throw new MessageDecodeException("not a Lambda destination record");
    var ctx = root.get("requestContext");
    var req = root.get("requestPayload");
    if (!ctx.isObject()) throw new MessageDecodeException("destination record: requestContext is not an object");
    if (req == null || !req.isObject()) {
      throw new MessageDecodeException("destination record: requestPayload is not an Ork task payload object");
    }
    String run = text(req, "run");
    String task = text(req, "task");
    var attemptNode = req.get("attempt");
    if (attemptNode == null || !attemptNode.isInt()) {
      throw new MessageDecodeException("destination record: requestPayload.attempt must be an integer");
    }
    int attempt = attemptNode.intValue();
    String condition = ctx.path("condition").asText("");
    String requestId = ctx.path("requestId").asText(null);
    var responseContext = root.path("responseContext");
    String functionError = responseContext.path("functionError").asText(null);
    Instant at = null;
    var ts = root.path("timestamp").asText(null);
    if (ts != null) {
      try {
        at = Instant.parse(ts);
      } catch (DateTimeParseException ignored) {
        // keep null: the engine uses its clock
      }
    }
    var response = root.get("responsePayload");
    if ("Success".equals(condition) && functionError == null) {
      return new StatusUpdate(run, task, attempt, StatusUpdate.Kind.SUCCEEDED,
          response == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : response, null, requestId, at);
    }
    return new StatusUpdate(run, task, attempt, StatusUpdate.Kind.FAILED, null, error(condition, functionError, response),
        requestId, at);
  }

  private static String error(String condition, String functionError, JsonNode response) {
    String detail = null;
    if (response != null && response.isObject() && (response.has("errorMessage") || response.has("errorType"))) {
      var type = response.path("errorType").asText("");
      var message = response.path("errorMessage").asText("");
      detail = type.isEmpty() ? message : message.isEmpty() ? type : type + ": " + message;
    }
    var sb = new StringBuilder("lambda ");
    sb.append(condition.isEmpty() ? "failed" : condition);
    if (functionError != null) sb.append(" (").append(functionError).append(" function error)");
    if (detail != null) sb.append(": ").append(detail);
    var s = sb.toString();
    return s.length() > MAX_ERROR_CHARS ? s.substring(0, MAX_ERROR_CHARS) + "…" : s;
  }

  private static String text(JsonNode n, String field) {
    var v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new MessageDecodeException("destination record: requestPayload." + field + " must be a string");
    }
    return v.textValue();
  }
}
