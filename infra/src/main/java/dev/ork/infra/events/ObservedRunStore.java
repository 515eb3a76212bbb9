package dev.ork.infra.events;

import dev.ork.core.port.RunStore;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A RunStore that tells listeners of each run status change after its guarded write applied: a new
 * run (PENDING, not when an idempotency key returned an existing one) and every transitionRun that
 * won. A listener failure is logged, never thrown: the change is already stored. Events are therefore
 * at most once per change (a crash between the write and the publish loses one), in write order per
 * handler, not across handlers. It also tells a {@link TaskFinishListener} of each finish that applied,
 * with the attempt's run time from the start this handler read before finishing it (the status
 * handler reads the task to fence the attempt), so a duration costs no extra read.
 */
public final class ObservedRunStore implements RunStore {
  private static final Logger LOG = Logger.getLogger(ObservedRunStore.class.getName());
  private final RunStore delegate;
  private final List<RunStatusListener> listeners;
  private final TaskFinishListener finishes;
  private final TaskStarts starts = new TaskStarts();

  public ObservedRunStore(RunStore delegate, List<RunStatusListener> listeners) {
    this(delegate, listeners, TaskFinishListener.none());
  }

  public ObservedRunStore(RunStore delegate, List<RunStatusListener> listeners, TaskFinishListener finishes) {
    this.delegate = delegate;
    this.listeners = List.copyOf(listeners);
    this.finishes = finishes;
  }

  @Override
  public Run createRun(Run run, List<TaskRun> tasks) {
    var stored = delegate.createRun(run, tasks);
    if (stored.runId().equals(run.runId())) {
      tell(new RunStatusChange(run.runId(), run.workflowName(), run.status(), null, run.createdAt()));
    }
    return stored;
  }

  @Override
  public boolean transitionRun(String runId, Set<RunStatus> from, RunStatus to, Instant at, String error) {
    var applied = delegate.transitionRun(runId, from, to, at, error);
    if (applied && !listeners.isEmpty()) {
      // The workflow name is not in the write: one eventually consistent read per change names it.
      var workflow = delegate.runMaybeStale(runId).map(Run::workflowName).orElse(null);
      tell(new RunStatusChange(runId, workflow, to, error, at));
    }
    return applied;
  }

  @Override
  public boolean redriveRun(String runId, Set<RunStatus> from, int tasksTerminal, int tasksFailed, String triggeredBy, Instant at) {
    var applied = delegate.redriveRun(runId, from, tasksTerminal, tasksFailed, triggeredBy, at);
    if (applied && !listeners.isEmpty()) { // a rerun: the run is running again
      var workflow = delegate.runMaybeStale(runId).map(Run::workflowName).orElse(null);
      tell(new RunStatusChange(runId, workflow, RunStatus.RUNNING, null, at));
    }
    return applied;
  }

  @Override
  public boolean redriveTask(String runId, String taskName, Set<TaskStatus> from, int attempt, int maxAttempts) {
    return delegate.redriveTask(runId, taskName, from, attempt, maxAttempts);
  }

  private void tell(RunStatusChange change) {
    for (var l : listeners) {
      try {
        l.changed(change);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "run status listener failed for run " + change.runId() + " -> " + change.status()
            + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  @Override
  public Optional<Run> run(String runId) {
    return delegate.run(runId);
  }

  @Override
  public Optional<Run> runByKey(String workflowName, String key) {
    return delegate.runByKey(workflowName, key);
  }

  @Override
  public List<TaskRun> tasks(String runId) {
    return delegate.tasks(runId);
  }

  @Override
  public Optional<TaskRun> task(String runId, String taskName) {
    return starts.seen(delegate.task(runId, taskName));
  }

  @Override
  public Optional<Run> runMaybeStale(String runId) {
    return delegate.runMaybeStale(runId);
  }

  @Override
  public Optional<TaskRun> taskMaybeStale(String runId, String taskName) {
    return starts.seen(delegate.taskMaybeStale(runId, taskName));
  }

  @Override
  public boolean transitionTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    return delegate.transitionTask(runId, taskName, from, attempt, patch);
  }

  @Override
  public Optional<Run> finishTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    var run = delegate.finishTask(runId, taskName, from, attempt, patch);
    var started = starts.take(runId, taskName, attempt);
    run.ifPresent(r -> {
      var ran = started == null || patch.finishedAt() == null ? null : Duration.between(started, patch.finishedAt());
      try {
        finishes.finished(new TaskFinish(runId, r.workflowName(), taskName, attempt, patch.status(), ran));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "task finish listener failed for " + runId + "/" + taskName + ": " + e);
      }
    });
    return run;
  }

  @Override
  public boolean expandTask(String runId, String taskName, Set<TaskStatus> from, TaskPatch patch, List<TaskRun> instances) {
    return delegate.expandTask(runId, taskName, from, patch, instances);
  }

  @Override
  public int createMissingTasks(String runId, List<TaskRun> tasks) {
    return delegate.createMissingTasks(runId, tasks);
  }

  @Override
  public TaskRun countInstanceDone(String runId, String taskName) {
    return delegate.countInstanceDone(runId, taskName);
  }

  @Override
  public List<TaskRun> instances(String runId, String taskName) {
    return delegate.instances(runId, taskName);
  }

  @Override
  public int markDependencySatisfied(String runId, String dependent, String dependency) {
    return delegate.markDependencySatisfied(runId, dependent, dependency);
  }

  @Override
  public RunPage listRuns(RunQuery query) {
    return delegate.listRuns(query);
  }

  @Override
  public List<TaskRun> tasksPastDeadline(Instant now, int limit) {
    return delegate.tasksPastDeadline(now, limit);
  }

  @Override
  public List<Run> runsStaleSince(Instant before, int limit) {
    return delegate.runsStaleSince(before, limit);
  }
}
