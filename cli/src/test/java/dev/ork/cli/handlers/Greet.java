package dev.ork.cli.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A task Lambda handler for the local-run tests: greets {@code inputs.name}; "boom" throws. */
public final class Greet implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    var inputs = (Map<String, Object>) event.get("inputs");
    var name = String.valueOf(inputs.get("name"));
    if (name.equals("boom")) throw new IllegalStateException("cannot greet boom");
    context.getLogger().log("greeting " + name);
    return Map.of("greeting", "hello " + name, "attempt", event.get("attempt"), "task", event.get("task"));
  }
}
