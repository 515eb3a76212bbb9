package dev.ork.core.testing;

import dev.ork.core.port.RunStore;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A RunStore in memory, for fast engine tests and properties. Every method is atomic (synchronized). */
public final class InMemoryRunStore implements RunStore {
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private final Map<String, Instant> updated = new HashMap<>();
  private final Map<String, Map<String, TaskRun>> tasks = new HashMap<>();
  private final Map<String, Set<String>> satisfied = new HashMap<>();
  private final Map<String, String> idempotency = new HashMap<>();

  @Override
  public synchronized Run createRun(Run run, List<TaskRun> newTasks) {
    if (run.idempotencyKey() != null) {
      var existing = idempotency.get(run.workflowName() + "#" + run.idempotencyKey());
      if (existing != null) return runs.get(existing);
      idempotency.put(run.workflowName() + "#" + run.idempotencyKey(), run.runId());
    }
    runs.put(run.runId(), run);
    updated.put(run.runId(), run.createdAt());
    var byName = new LinkedHashMap<String, TaskRun>();
    newTasks.forEach(t -> byName.put(t.taskName(), t));
    tasks.put(run.runId(), byName);
    return run;
  }

  @Override
  public synchronized Optional<Run> run(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public synchronized Optional<Run> runByKey(String workflowName, String key) {
    return Optional.ofNullable(idempotency.get(workflowName + "#" + key)).map(runs::get);
  }

  @Override
  public synchronized List<TaskRun> tasks(String runId) {
    return List.copyOf(tasks.getOrDefault(runId, Map.of()).values());
  }

  @Override
  public synchronized Optional<TaskRun> task(String runId, String taskName) {
    return Optional.ofNullable(tasks.getOrDefault(runId, Map.of()).get(taskName));
  }

  @Override
  public synchronized boolean redriveTask(String runId, String taskName, Set<TaskStatus> from, int attempt, int maxAttempts) {
    var t = tasks.getOrDefault(runId, Map.of()).get(taskName);
    if (t == null || !from.contains(t.status()) || t.attempt() != attempt) return false;
    tasks.get(runId).put(taskName, new TaskRun(runId, taskName, TaskStatus.PENDING, attempt, maxAttempts,
        null, null, null, null, null, null, null, null, t.item(), t.instances(), t.instancesDone()));
    return true;
  }

  @Override
  public synchronized boolean redriveRun(String runId, Set<RunStatus> from, int tasksTerminal, int tasksFailed,
      String triggeredBy, Instant at) {
    var r = runs.get(runId);
    if (r == null || !from.contains(r.status())) return false;
    runs.put(runId, new Run(r.runId(), r.workflowName(), r.snapshotHash(), RunStatus.RUNNING,
        triggeredBy != null ? triggeredBy : r.triggeredBy(), r.idempotencyKey(), r.overrides(), r.taskCount(),
        tasksTerminal, tasksFailed, null, r.createdAt(), r.startedAt(), null, r.intervalStart(), r.intervalEnd(), r.backfillId()));
    updated.put(runId, at);
    return true;
  }

  @Override
  public synchronized boolean transitionRun(String runId, Set<RunStatus> from, RunStatus to, Instant at, String error) {
    var r = runs.get(runId);
    if (r == null || !from.contains(r.status())) return false;
    runs.put(runId, new Run(r.runId(), r.workflowName(), r.snapshotHash(), to, r.triggeredBy(), r.idempotencyKey(),
        r.overrides(), r.taskCount(), r.tasksTerminal(), r.tasksFailed(), error != null ? error : r.error(),
        r.createdAt(), r.startedAt() == null && to == RunStatus.RUNNING ? at : r.startedAt(),
        to.isTerminal() ? at : r.finishedAt(), r.intervalStart(), r.intervalEnd(), r.backfillId()));
    updated.put(runId, at);
    return true;
  }

  @Override
  public synchronized boolean transitionTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    var t = task(runId, taskName).orElse(null);
    if (t == null || !from.contains(t.status()) || t.attempt() != attempt) return false;
    tasks.get(runId).put(taskName, patch.applyTo(t));
    touch(runId, patch);
    return true;
  }

  @Override
  public synchronized Optional<Run> finishTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    if (!transitionTask(runId, taskName, from, attempt, patch)) return Optional.empty();
    var r = runs.get(runId);
    var next = new Run(r.runId(), r.workflowName(), r.snapshotHash(), r.status(), r.triggeredBy(), r.idempotencyKey(),
        r.overrides(), r.taskCount(), r.tasksTerminal() + 1,
        r.tasksFailed() + (patch.status() == TaskStatus.SUCCEEDED ? 0 : 1), r.error(), r.createdAt(), r.startedAt(), r.finishedAt(),
        r.intervalStart(), r.intervalEnd(), r.backfillId());
    runs.put(runId, next);
    return Optional.of(next);
  }

  @Override
  public synchronized boolean expandTask(String runId, String taskName, Set<TaskStatus> from, TaskPatch patch,
      List<TaskRun> instances) {
    if (!transitionTask(runId, taskName, from, 0, patch)) return false;
    var t = tasks.get(runId).get(taskName);
    tasks.get(runId).put(taskName, withCounts(t, instances.size(), 0));
    createMissingTasks(runId, instances);
    return true;
  }

  @Override
  public synchronized int createMissingTasks(String runId, List<TaskRun> newTasks) {
    var byName = tasks.get(runId);
    int added = 0;
    for (var t : newTasks) {
      if (byName.putIfAbsent(t.taskName(), t) == null) added++;
    }
    var r = runs.get(runId);
    runs.put(runId, new Run(r.runId(), r.workflowName(), r.snapshotHash(), r.status(), r.triggeredBy(), r.idempotencyKey(),
        r.overrides(), r.taskCount() + added, r.tasksTerminal(), r.tasksFailed(), r.error(), r.createdAt(), r.startedAt(),
        r.finishedAt(), r.intervalStart(), r.intervalEnd(), r.backfillId()));
    return added;
  }

  @Override
  public synchronized TaskRun countInstanceDone(String runId, String taskName) {
    var t = tasks.get(runId).get(taskName);
    var counted = withCounts(t, t.instances(), t.instancesDone() + 1);
    tasks.get(runId).put(taskName, counted);
    return counted;
  }

  private static TaskRun withCounts(TaskRun t, int instances, int done) {
    return new TaskRun(t.runId(), t.taskName(), t.status(), t.attempt(), t.maxAttempts(), t.executionId(), t.output(),
        t.error(), t.queuedAt(), t.startedAt(), t.finishedAt(), t.deadline(), t.retryAt(), t.item(), instances, done);
  }

  @Override
  public synchronized int markDependencySatisfied(String runId, String dependent, String dependency) {
    var set = satisfied.computeIfAbsent(runId + "/" + dependent, k -> new HashSet<>());
    set.add(dependency);
    return set.size();
  }

  @Override
  public synchronized RunPage listRuns(RunQuery q) {
    var all = new ArrayList<>(runs.values());
    all.sort(Comparator.comparing(Run::createdAt).thenComparing(Run::runId).reversed());
    var matching = all.stream()
        .filter(r -> q.workflowName() == null || r.workflowName().equals(q.workflowName()))
        .filter(r -> q.status() == null || r.status() == q.status())
        .toList();
    int start = q.cursor() == null ? 0 : Integer.parseInt(q.cursor());
    int end = Math.min(matching.size(), start + q.limit());
    return new RunPage(matching.subList(start, end), end < matching.size() ? String.valueOf(end) : null);
  }

  @Override
  public synchronized List<TaskRun> tasksPastDeadline(Instant now, int limit) {
    return tasks.values().stream().flatMap(m -> m.values().stream())
        .filter(t -> t.status().isInFlight() && t.deadline() != null && !t.deadline().isAfter(now))
        .limit(limit).toList();
  }

  @Override
  public synchronized List<Run> runsStaleSince(Instant before, int limit) {
    return runs.values().stream().filter(r -> !r.status().isTerminal())
        .filter(r -> updated.get(r.runId()).isBefore(before)).limit(limit).toList();
  }

  private void touch(String runId, TaskPatch patch) {
    var at = patch.finishedAt() != null ? patch.finishedAt() : patch.startedAt() != null ? patch.startedAt()
        : patch.queuedAt();
    if (at != null) updated.merge(runId, at, (a, b) -> a.isAfter(b) ? a : b);
  }
}
