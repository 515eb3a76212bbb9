package dev.ork.core.workflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, immutable workflow: the unit a run is bound to. {@code contentHash} identifies the
 * snapshot: identical definitions hash alike, any semantic change gives a new hash.
 */
public record CompiledWorkflow(
    String name,
    String description,
    String schedule,
    List<CompiledTask> tasks,
    List<String> topologicalOrder,
    String contentHash) {

  public CompiledWorkflow {
    tasks = List.copyOf(tasks);
    topologicalOrder = List.copyOf(topologicalOrder);
  }

  public Optional<CompiledTask> task(String taskName) {
    return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst();
  }

  public CompiledTask requireTask(String taskName) {
    return task(taskName).orElseThrow(() -> new IllegalArgumentException(
        "workflow '" + name + "' has no task '" + taskName + "'"));
  }

  /** Tasks that list {@code taskName} in their depends_on, in declaration order. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public List<CompiledTask> dependentsOf(String taskName) {
    return tasks.stream().filter(t -> t.dependsOn().contains(taskName)).toList();
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public Map<String, CompiledTask> byName() {
    var map = new java.util.LinkedHashMap<String, CompiledTask>();
    tasks.forEach(t -> map.put(t.name(), t));
    return map;
  }
}
