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
    tasks = TaskList.of(tasks);
    topologicalOrder = List.copyOf(topologicalOrder);
  }

  /** The task of that name; for an instance name ({@code t[3]}), that instance of foreach task t. */
  public Optional<CompiledTask> task(String taskName) {
    var named = index().named(taskName);
    if (named != null || !Instances.isInstance(taskName)) return Optional.ofNullable(named);
    var parent = index().named(Instances.parentOf(taskName));
    int i = Instances.indexOf(taskName);
    return parent == null || parent.foreach() == null || i < 0 ? Optional.empty() : Optional.of(parent.instance(i));
  }

  public CompiledTask requireTask(String taskName) {
    return task(taskName).orElseThrow(() -> new IllegalArgumentException(
        "workflow '" + name + "' has no task '" + taskName + "'"));
  }

  /** Tasks that list {@code taskName} in their depends_on, in declaration order. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public List<CompiledTask> dependentsOf(String taskName) {
    return index().dependentsOf(taskName);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public Map<String, CompiledTask> byName() {
    var map = new java.util.LinkedHashMap<String, CompiledTask>();
    tasks.forEach(t -> map.put(t.name(), t));
    return map;
  }

  private TaskList index() {
    return (TaskList) tasks;
  }
}
