package dev.ork.bench;

import dev.ork.core.port.RunStore;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A RunStore that passes everything through and completes a future (with System.nanoTime()) the
 * moment a run's terminal transition is written, so benchmarks see the end without polling.
 */
final class SignallingRunStore implements RunStore {
  private final RunStore delegate;
  private final ConcurrentHashMap<String, CompletableFuture<Long>> ended = new ConcurrentHashMap<>();

  SignallingRunStore(RunStore delegate) {
    this.delegate = delegate;
  }

  CompletableFuture<Long> ended(String runId) {
    return ended.computeIfAbsent(runId, k -> new CompletableFuture<>());
  }

  @Override public Run createRun(Run run, List<TaskRun> tasks) { return delegate.createRun(run, tasks); }
  @Override public Optional<Run> run(String runId) { return delegate.run(runId); }
  @Override public Optional<Run> runByKey(String workflow, String key) { return delegate.runByKey(workflow, key); }
  @Override public List<TaskRun> tasks(String runId) { return delegate.tasks(runId); }
  @Override public Optional<TaskRun> task(String runId, String taskName) { return delegate.task(runId, taskName); }

  @Override
  public boolean transitionRun(String runId, Set<RunStatus> from, RunStatus to, Instant at, String error) {
    boolean done = delegate.transitionRun(runId, from, to, at, error);
    if (done && to.isTerminal()) ended(runId).complete(System.nanoTime());
    return done;
  }

  @Override
  public boolean transitionTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    return delegate.transitionTask(runId, taskName, from, attempt, patch);
  }

  @Override
  public Optional<Run> finishTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    return delegate.finishTask(runId, taskName, from, attempt, patch);
  }

  @Override
  public boolean redriveTask(String runId, String taskName, Set<TaskStatus> from, int attempt, int maxAttempts) {
    return delegate.redriveTask(runId, taskName, from, attempt, maxAttempts);
  }

  @Override
  public boolean redriveRun(String runId, Set<RunStatus> from, int terminal, int failed, String triggeredBy, Instant at) {
    return delegate.redriveRun(runId, from, terminal, failed, triggeredBy, at);
  }

  @Override
  public int markDependencySatisfied(String runId, String dependent, String dependency) {
    return delegate.markDependencySatisfied(runId, dependent, dependency);
  }

  @Override public boolean expandTask(String r, String t, Set<TaskStatus> f, TaskPatch p, List<TaskRun> i) { return delegate.expandTask(r, t, f, p, i); }
  @Override public int createMissingTasks(String r, List<TaskRun> t) { return delegate.createMissingTasks(r, t); }
  @Override public TaskRun countInstanceDone(String r, String t) { return delegate.countInstanceDone(r, t); }
  @Override public List<TaskRun> instances(String r, String t) { return delegate.instances(r, t); }
  @Override public RunPage listRuns(RunQuery query) { return delegate.listRuns(query); }
  @Override public List<TaskRun> tasksPastDeadline(Instant now, int limit) { return delegate.tasksPastDeadline(now, limit); }
  @Override public List<Run> runsStaleSince(Instant before, int limit) { return delegate.runsStaleSince(before, limit); }
}
