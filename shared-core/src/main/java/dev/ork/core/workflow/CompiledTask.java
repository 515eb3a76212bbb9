package dev.ork.core.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One node of a compiled workflow. {@code foreach} is null unless the task runs once per element of
 * a list; {@code pool} names the pool whose slot each attempt takes (null: none). {@code timeout} is null when the task has none; {@code inputType}
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
    int retries,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    Foreach foreach,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    String pool) {

  public CompiledTask {
    dependsOn = List.copyOf(dependsOn);
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
  }

  /** A task that is not a foreach. */
  public CompiledTask(String name, int index, ExecutorSpec executor, List<String> dependsOn, Map<String, Binding> inputs,
      TypeExpr inputType, TypeExpr outputType, Duration timeout, int retries) {
    this(name, index, executor, dependsOn, inputs, inputType, outputType, timeout, retries, null, null);
  }

  /**
   * Instance {@code i} of this foreach task: the same task under the instance's name ({@code t[i]}),
   * so every per-task step (claim, launch, retry, timeout, logs) works on it unchanged.
   */
  public CompiledTask instance(int i) {
    return new CompiledTask(Instances.name(name, i), index, executor, dependsOn, inputs, inputType, outputType,
        timeout, retries, foreach, pool);
  }

  /** True for an instance derived by {@link #instance}. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isInstance() {
    return Instances.isInstance(name);
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
