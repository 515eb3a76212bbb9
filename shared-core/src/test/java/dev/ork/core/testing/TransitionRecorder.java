package dev.ork.core.testing;

import dev.ork.core.port.RunStore;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StateMachine.Transition;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A RunStore decorator recording every status change it applies (for transition coverage). */
public final class TransitionRecorder implements RunStore {
  private final RunStore delegate;
  public final Set<Transition<TaskStatus>> tasks = ConcurrentHashMap.newKeySet();
  public final Set<Transition<RunStatus>> runs = ConcurrentHashMap.newKeySet();

  public TransitionRecorder(RunStore delegate) {
    this.delegate = delegate;
  }

  @Override public Run createRun(Run run, List<TaskRun> t) { return delegate.createRun(run, t); }
  @Override public Optional<Run> run(String runId) { return delegate.run(runId); }
  @Override public Optional<Run> runByKey(String w, String key) { return delegate.runByKey(w, key); }
  @Override public List<TaskRun> tasks(String runId) { return delegate.tasks(runId); }
  @Override public Optional<TaskRun> task(String runId, String name) { return delegate.task(runId, name); }
  @Override public int createMissingTasks(String r, List<TaskRun> t) { return delegate.createMissingTasks(r, t); }
  @Override public TaskRun countInstanceDone(String r, String t) { return delegate.countInstanceDone(r, t); }
  @Override public List<TaskRun> instances(String r, String t) { return delegate.instances(r, t); }

  @Override
  public synchronized boolean expandTask(String runId, String name, Set<TaskStatus> from, TaskPatch patch,
      List<TaskRun> instances) {
    var before = delegate.task(runId, name).map(TaskRun::status).orElse(null);
    boolean ok = delegate.expandTask(runId, name, from, patch, instances);
    if (ok) tasks.add(new Transition<>(before, patch.status(), ""));
    return ok;
  }

  @Override public int markDependencySatisfied(String r, String d, String dep) { return delegate.markDependencySatisfied(r, d, dep); }
  @Override public RunPage listRuns(RunQuery q) { return delegate.listRuns(q); }
  @Override public List<TaskRun> tasksPastDeadline(Instant now, int limit) { return delegate.tasksPastDeadline(now, limit); }
  @Override public List<Run> runsStaleSince(Instant before, int limit) { return delegate.runsStaleSince(before, limit); }

  @Override
  public synchronized boolean transitionRun(String runId, Set<RunStatus> from, RunStatus to, Instant at, String error) {
    var before = delegate.run(runId).map(Run::status).orElse(null);
    boolean ok = delegate.transitionRun(runId, from, to, at, error);
    if (ok && before != to) runs.add(new Transition<>(before, to, ""));
    return ok;
  }

  @Override
  public synchronized boolean transitionTask(String runId, String name, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    var before = delegate.task(runId, name).map(TaskRun::status).orElse(null);
    boolean ok = delegate.transitionTask(runId, name, from, attempt, patch);
    if (ok && patch.status() != null && before != patch.status()) tasks.add(new Transition<>(before, patch.status(), ""));
    return ok;
  }

  @Override
  public synchronized boolean redriveTask(String runId, String name, Set<TaskStatus> from, int attempt, int maxAttempts) {
    var before = delegate.task(runId, name).map(TaskRun::status).orElse(null);
    boolean ok = delegate.redriveTask(runId, name, from, attempt, maxAttempts);
    if (ok) tasks.add(new Transition<>(before, TaskStatus.PENDING, ""));
    return ok;
  }

  @Override
  public synchronized boolean redriveRun(String runId, Set<RunStatus> from, int terminal, int failed, String by, Instant at) {
    var before = delegate.run(runId).map(Run::status).orElse(null);
    boolean ok = delegate.redriveRun(runId, from, terminal, failed, by, at);
    if (ok) runs.add(new Transition<>(before, RunStatus.RUNNING, ""));
    return ok;
  }

  @Override
  public synchronized Optional<Run> finishTask(String runId, String name, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    var before = delegate.task(runId, name).map(TaskRun::status).orElse(null);
    var after = delegate.finishTask(runId, name, from, attempt, patch);
    if (after.isPresent()) tasks.add(new Transition<>(before, patch.status(), ""));
    return after;
  }
}
