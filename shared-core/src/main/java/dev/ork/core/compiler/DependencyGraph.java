package dev.ork.core.compiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;

/** Orders tasks so dependencies come first (ties by file order) and reports each dependency cycle once. */
final class DependencyGraph {

  private DependencyGraph() {}

  static List<String> topologicalOrder(CompileSession session) {
    var tasks = session.tasks;
    var inDegree = new LinkedHashMap<String, Integer>();
    tasks.values().forEach(t -> inDegree.put(t.name, t.dependsOn.size()));
    var ready = new PriorityQueue<TaskDraft>((a, b) -> Integer.compare(a.index, b.index)); // archivable (RunView.ordered)
    tasks.values().stream().filter(t -> t.dependsOn.isEmpty()).forEach(ready::add);
    var dependents = new java.util.HashMap<String, List<TaskDraft>>(); // by dependency, so this is not quadratic
    for (var d : tasks.values()) {
      for (var dep : new LinkedHashSet<>(d.dependsOn)) dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(d);
    }
    var order = new ArrayList<String>();
    while (!ready.isEmpty()) {
      var t = ready.poll();
      order.add(t.name);
      for (var d : dependents.getOrDefault(t.name, List.of())) {
        if (inDegree.merge(d.name, -1, Integer::sum) == 0) ready.add(d);
      }
    }
    if (order.size() == tasks.size()) return order;
    var left = new LinkedHashSet<>(tasks.keySet());
    order.forEach(left::remove);
    var reported = new java.util.HashSet<String>();
    for (var start : List.copyOf(left)) {
      if (reported.contains(start)) continue;
      var walk = new ArrayList<String>();
      var cur = start;
      while (!walk.contains(cur) && !reported.contains(cur)) {
        walk.add(cur);
        cur = tasks.get(cur).dependsOn.stream().filter(left::contains).findFirst().orElseThrow();
      }
      if (reported.contains(cur)) {
        reported.addAll(walk);
        continue;
      }
      var cycle = new ArrayList<>(walk.subList(walk.indexOf(cur), walk.size()));
      reported.addAll(walk);
      int first = 0;
      for (int i = 1; i < cycle.size(); i++) {
        if (tasks.get(cycle.get(i)).index < tasks.get(cycle.get(first)).index) first = i;
      }
      var rotated = new ArrayList<String>();
      for (int i = 0; i < cycle.size(); i++) rotated.add(cycle.get((first + i) % cycle.size()));
      var head = tasks.get(rotated.get(0));
      var next = rotated.size() > 1 ? rotated.get(1) : rotated.get(0);
      rotated.add(rotated.get(0));
      int depIndex = head.dependsOn.indexOf(next);
      session.error(head.dependsOnNodes.get(next), ErrorCode.DEPENDENCY_CYCLE,
          "tasks." + head.name + ".depends_on[" + depIndex + "]",
          "workflow has a dependency cycle: " + String.join(" -> ", rotated),
          "'a -> b' means a depends on b; remove one of these depends_on entries");
    }
    return order;
  }
}
