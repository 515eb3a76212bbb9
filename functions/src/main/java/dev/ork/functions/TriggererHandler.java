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
  private final Wiring wiring;

  public TriggererHandler() {
    this(Wiring.fromEnvironment(NAME));
  }

  TriggererHandler(Wiring wiring) {
    this.triggerer = wiring.triggerer();
    this.limit = wiring.sweepLimit();
    this.wiring = wiring;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    int polled = wiring.batch(() -> triggerer.pollDue(limit)); // its launches' timers and its finishes' counts in one go
    JsonLog.line(NAME, "poll").with("jobsPolled", polled).outcome("done");
    return Map.of("jobsPolled", polled);
  }
}
