package dev.ork.examples.cloud;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The lambda task of examples/cloud/cloud.yaml. Deployed as the function {@code ork-task-summarize}; run
 * in-process by {@code ork run} (its {@code handler:}). The event is Ork's task payload
 * {@code {run, task, attempt, workflow, inputs}}; the return value is the task's output.
 */
public final class Summarize implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    var inputs = (Map<String, Object>) event.get("inputs");
    int chars = ((Number) inputs.get("chars")).intValue();
    return Map.of("summary", chars + " characters counted in " + inputs.get("region"), "chars", chars);
  }
}
