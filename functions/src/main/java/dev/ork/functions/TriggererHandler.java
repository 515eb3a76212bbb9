package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ork.core.engine.Engine;
import java.util.Map;

/**
 * Placeholder until the engine has deferred jobs: it only runs the sweep (deadlines, stale runs).
 * When deferred jobs exist it will poll the due ones and emit their StatusUpdates.
 */
public final class TriggererHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private static final String NAME = "TriggererHandler";
  private final Engine engine;
  private final int sweepLimit;

  public TriggererHandler() {
    this(Wiring.fromEnvironment(NAME));
  }

  TriggererHandler(Wiring wiring) {
    this.engine = wiring.engine();
    this.sweepLimit = wiring.sweepLimit();
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    var report = engine.control().sweep(sweepLimit);
    JsonLog.line(NAME, "sweep").with("deadlinesChecked", report.deadlinesChecked())
        .with("runsReconciled", report.runsReconciled()).outcome("swept");
    return Map.of("deadlinesChecked", report.deadlinesChecked(), "runsReconciled", report.runsReconciled());
  }
}
