package dev.ork.core.workflow;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A workflow's tasks: an immutable list that also indexes them by name and by dependency, so the
 * engine's per-task lookups are O(1) instead of a scan of every task (quadratic on a 10,000-task run).
 */
final class TaskList extends AbstractList<CompiledTask> implements RandomAccess {
  private final CompiledTask[] tasks;
  private final Map<String, CompiledTask> byName;
  private final Map<String, List<CompiledTask>> dependents;

  private TaskList(List<CompiledTask> source) {
    tasks = source.toArray(CompiledTask[]::new);
    byName = HashMap.newHashMap(tasks.length);
    var deps = new HashMap<String, List<CompiledTask>>();
    for (var t : tasks) {
      Objects.requireNonNull(t, "task");
      byName.putIfAbsent(t.name(), t);
      for (var d : new LinkedHashSet<>(t.dependsOn())) deps.computeIfAbsent(d, k -> new ArrayList<>()).add(t);
    }
    deps.replaceAll((k, v) -> List.copyOf(v));
    dependents = deps;
  }

  static TaskList of(List<CompiledTask> tasks) {
    return tasks instanceof TaskList t ? t : new TaskList(tasks);
  }

  /** The first task of that name, or null. */
  CompiledTask named(String name) {
    return byName.get(name);
  }

  /** Tasks that list {@code name} in their depends_on, in declaration order. */
  List<CompiledTask> dependentsOf(String name) {
    return dependents.getOrDefault(name, List.of());
  }

  @Override
  public CompiledTask get(int index) {
    return tasks[index];
  }

  @Override
  public int size() {
    return tasks.length;
  }
}
