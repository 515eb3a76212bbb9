package dev.ork.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** LambdaInitBench's floor: a handler with no wiring, so JVM + runtime client start-up is measured alone. */
public final class NoopHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    return Map.of("keys", event == null ? 0 : event.size());
  }
}
