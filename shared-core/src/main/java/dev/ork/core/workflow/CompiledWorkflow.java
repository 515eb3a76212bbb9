package dev.ork.core.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, immutable workflow: the unit a run is bound to. {@code contentHash} identifies the
 * snapshot: identical definitions hash alike, any semantic change gives a new hash. {@code timezone}
 * (an IANA name, null for UTC) and {@code catchup} qualify the schedule; they are left out of the
 * stored JSON when unset, so snapshots written before they existed keep their hash.
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
    Integer maxActiveTasks,
    @JsonInclude(JsonInclude.Include.NON_NULL) String timezone,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean catchup) {

  public CompiledWorkflow {
    tasks = TaskList.of(tasks);
    topologicalOrder = List.copyOf(topologicalOrder);
  }

  /** A workflow with a UTC schedule (or none), no catch-up and no run or task limits. */
  public CompiledWorkflow(String name, String description, String schedule, List<CompiledTask> tasks,
      List<String> topologicalOrder, String contentHash) {
    this(name, description, schedule, tasks, topologicalOrder, contentHash, null, null, null, false);
  }

  /** A workflow with run or task limits, a UTC schedule (or none) and no catch-up. */
  public CompiledWorkflow(String name, String description, String schedule, List<CompiledTask> tasks,
      List<String> topologicalOrder, String contentHash, Integer maxActiveRuns, Integer maxActiveTasks) {
    this(name, description, schedule, tasks, topologicalOrder, contentHash, maxActiveRuns, maxActiveTasks, null, false);
  }

  /** A workflow with a schedule's time zone and catch-up, and no run or task limits. */
  public CompiledWorkflow(String name, String description, String schedule, List<CompiledTask> tasks,
      List<String> topologicalOrder, String contentHash, String timezone, boolean catchup) {
    this(name, description, schedule, tasks, topologicalOrder, contentHash, null, null, timezone, catchup);
  }

  /** The same workflow with another content hash. */
  public CompiledWorkflow withContentHash(String hash) {
    return new CompiledWorkflow(name, description, schedule, tasks, topologicalOrder, hash, maxActiveRuns, maxActiveTasks,
        timezone, catchup);
  }

  /** The schedule's fire-time arithmetic, or empty when the workflow has no schedule. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public Optional<dev.ork.core.schedule.Schedule> fireSchedule() {
    return schedule == null ? Optional.empty() : Optional.of(dev.ork.core.schedule.Schedule.of(schedule, timezone));
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
