package dev.ork.core.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One node of a compiled workflow. {@code timeout} is null when the task has none; {@code inputType}
 * and {@code outputType} are null when undeclared (untyped process-only workflows).
 */
public record CompiledTask(
    String name,
    int index,
    ExecutorSpec executor,
    List<String> dependsOn,
    Map<String, Binding> inputs,
    TypeExpr inputType,
    TypeExpr outputType,
    Duration timeout,
    int retries) {

  public CompiledTask {
    dependsOn = List.copyOf(dependsOn);
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public int maxAttempts() {
    return retries + 1;
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isRoot() {
    return dependsOn.isEmpty();
  }
}
