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
    String contentHash,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    Integer maxActiveRuns,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    Integer maxActiveTasks) {

  public CompiledWorkflow {
    tasks = TaskList.of(tasks);
    topologicalOrder = List.copyOf(topologicalOrder);
  }

  /** A workflow without run or task limits. */
  public CompiledWorkflow(String name, String description, String schedule, List<CompiledTask> tasks,
      List<String> topologicalOrder, String contentHash) {
    this(name, description, schedule, tasks, topologicalOrder, contentHash, null, null);
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

  /** True when runs or tasks of this workflow wait for slots: max_active_runs/tasks, or a task's pool. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean hasLimits() {
    return maxActiveRuns != null || maxActiveTasks != null || tasks.stream().anyMatch(t -> t.pool() != null);
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
