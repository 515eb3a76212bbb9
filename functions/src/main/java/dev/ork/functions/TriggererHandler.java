package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ork.api.JsonLog;
import dev.ork.core.engine.Triggerer;
import java.util.Map;

/**
 * Every minute (EventBridge schedule): polls the deferred jobs that are due through their trackers;
 * the triggerer reports each attempt whose jobs all completed, or one failed, on the status queue.
 * (The scheduler tick runs the sweep; this one only polls.)
 */
public final class TriggererHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private static final String NAME = "TriggererHandler";
  private final Triggerer triggerer;
  private final int limit;
  private final dev.ork.infra.sqs.SqsMessageQueue<dev.ork.core.run.StatusUpdate> timers;

  public TriggererHandler() {
    this(Wiring.fromEnvironment(NAME));
  }

  TriggererHandler(Wiring wiring) {
    this.triggerer = wiring.triggerer();
    this.limit = wiring.sweepLimit();
    this.timers = wiring.statusQueue();
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    int polled = timers.holdingDelayed(() -> triggerer.pollDue(limit)); // dependents it launches: their timers in one go
    JsonLog.line(NAME, "poll").with("jobsPolled", polled).outcome("done");
    return Map.of("jobsPolled", polled);
  }
}
