package dev.ork.functions;

import dev.ork.api.JsonLog;
import dev.ork.infra.sqs.SqsBatchProcessor;

/**
 * The telemetry around one handled message or batch, shared by the SQS handlers: a JSON log line, the
 * MessagesHandled and HandlingTime metrics, and an X-Ray subsegment {@code ork.<event>} annotated
 * with the run, task and attempt.
 */
final class Handling {
  private Handling() {}

  static void logged(String handler, String event, String runId, String task, int attempt, String kind, Runnable work) {
    long start = System.nanoTime();
    double startSeconds = System.currentTimeMillis() / 1000.0;
    var trace = Traces.current();
    boolean fault = true;
    try {
      work.run();
      fault = false;
      long ms = (System.nanoTime() - start) / 1_000_000;
      JsonLog.line(handler, event).run(runId, task, attempt).with("kind", kind).with("ms", ms).outcome("handled");
      Metrics.count("MessagesHandled", null, runId);
      Metrics.millis("HandlingTime", ms, null, runId);
    } catch (RuntimeException e) {
      boolean transientError = SqsBatchProcessor.isTransientByDefault(e);
      JsonLog.line(handler, event).run(runId, task, attempt).with("kind", kind)
          .level(transientError ? "WARN" : "ERROR").with("errorType", e.getClass().getSimpleName())
          .with("stack", stack(e))
          .outcome(transientError ? "retry" : "failed");
      throw e;
    } finally {
      Traces.subsegment(trace, "ork." + event, startSeconds, System.currentTimeMillis() / 1000.0, runId, task, attempt, fault);
    }
  }

  static void batch(String handler, SqsBatchProcessor.Result r) {
    if (r.deadLettered() + r.redelivered() + r.batchItemFailures().size() + r.permanentFailures() == 0) return;
    JsonLog.line(handler, "batch").with("handled", r.handled()).with("deadLettered", r.deadLettered())
        .with("redelivered", r.redelivered()).with("retry", r.batchItemFailures().size())
        .with("permanentFailures", r.permanentFailures())
        .level(r.deadLettered() + r.permanentFailures() > 0 ? "ERROR" : "INFO").outcome("batch done");
  }

  /** The invocation's memory: the Lambda context's limit, else Lambda's variable; null when unknown. */
  static Integer memoryMb(com.amazonaws.services.lambda.runtime.Context context) {
    if (context != null && context.getMemoryLimitInMB() > 0) return context.getMemoryLimitInMB();
    var env = System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
    try {
      return env == null ? null : Integer.valueOf(env.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The exception with its stack trace, for the log only (never a response), capped at 8,000 characters. */
  static String stack(Throwable e) {
    var w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    var s = w.toString();
    return s.length() > 8000 ? s.substring(0, 8000) + "…" : s;
  }
}
