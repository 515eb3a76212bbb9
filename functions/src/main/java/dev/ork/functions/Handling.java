package dev.ork.functions;

import dev.ork.api.JsonLog;
import dev.ork.infra.sqs.SqsBatchProcessor;

/** The logging around one handled message or batch, shared by the SQS handlers. */
final class Handling {
  private Handling() {}

  static void logged(String handler, String event, String runId, String task, int attempt, String kind, Runnable work) {
    long start = System.nanoTime();
    try {
      work.run();
      JsonLog.line(handler, event).run(runId, task, attempt).with("kind", kind)
          .with("ms", (System.nanoTime() - start) / 1_000_000).outcome("handled");
    } catch (RuntimeException e) {
      boolean transientError = SqsBatchProcessor.isTransientByDefault(e);
      JsonLog.line(handler, event).run(runId, task, attempt).with("kind", kind)
          .level(transientError ? "WARN" : "ERROR").with("errorType", e.getClass().getSimpleName())
          .outcome(transientError ? "retry" : "failed");
      throw e;
    }
  }

  static void batch(String handler, SqsBatchProcessor.Result r) {
    if (r.deadLettered() + r.redelivered() + r.batchItemFailures().size() + r.permanentFailures() == 0) return;
    JsonLog.line(handler, "batch").with("handled", r.handled()).with("deadLettered", r.deadLettered())
        .with("redelivered", r.redelivered()).with("retry", r.batchItemFailures().size())
        .with("permanentFailures", r.permanentFailures())
        .level(r.deadLettered() + r.permanentFailures() > 0 ? "ERROR" : "INFO").outcome("batch done");
  }
}
