package dev.ork.core.port;

import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs and their tasks. Every state change is a conditional write: it applies only when the row is
 * in one of the expected states (and, for tasks, at the expected attempt), and reports whether it
 * did. Implementations never read-modify-write without such a guard.
 */
public interface RunStore {

  /**
   * Creates the run and all its tasks. When {@code run.idempotencyKey()} is set and a run of the same
   * workflow already holds that key, nothing is written and that run is returned instead.
   */
  Run createRun(Run run, List<TaskRun> tasks);

  Optional<Run> run(String runId);

  /** The run of {@code workflowName} holding idempotency key {@code key}, if any (consistent). */
  Optional<Run> runByKey(String workflowName, String key);

  List<TaskRun> tasks(String runId);

  Optional<TaskRun> task(String runId, String taskName);

  /**
   * The run, possibly a little stale (DynamoDB: an eventually consistent read, half the price).
   * For pre-checks whose outcome a fenced write or a consistent re-read confirms.
   */
  default Optional<Run> runMaybeStale(String runId) {
    return run(runId);
  }

  /** The task, possibly a little stale; see {@link #runMaybeStale}. */
  default Optional<TaskRun> taskMaybeStale(String runId, String taskName) {
    return task(runId, taskName);
  }

  /** True when {@link #inOneTransaction} makes its writes all or none (SQLite); false: one at a time (DynamoDB). */
  default boolean hasTransactions() {
    return false;
  }

  /**
   * Runs {@code work}, whose writes a store with transactions makes as one (SQLite: one lock round and one
   * commit, not one per write): all of them, or none when {@code work} throws. A store without runs
   * {@code work} as it is; each write is conditional on its own either way.
   */
  default void inOneTransaction(Runnable work) {
    work.run();
  }

  /** Moves the run to {@code to} if it is in {@code from}; sets startedAt/finishedAt/error as given. */
  boolean transitionRun(String runId, Set<RunStatus> from, RunStatus to, Instant at, String error);

  /** Applies {@code patch} if the task is in {@code from} at {@code attempt}. */
  boolean transitionTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch);

  /**
   * Applies a terminal {@code patch} (as {@link #transitionTask}) and then counts the task on its
   * run: tasksTerminal + 1, and tasksFailed + 1 unless it succeeded. Only the caller whose guarded
   * write applied counts, so a finish is counted at most once per write that won. A store may do the
   * two apart (DynamoDB does): a crash in between leaves the counters short, which is why the engine
   * treats them as a hint and checks the task items before completing a run.
   * Returns the run as it is right after this count (so concurrent finishes see distinct counts), or
   * empty when the guard did not hold. A store may also hold counts to the end of a handler's batch
   * (DynamoDB: one ADD per run per batch); it then returns the run without this count, and hands the
   * run after the count to {@code RunControl.counted}, which makes the completion check.
   */
  Optional<Run> finishTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch);

  /**
   * Rerun: moves a finished task back to PENDING for its next attempt. Its attempt number is kept (the
   * next claim takes attempt + 1, so the history of attempts and their logs stay apart), its attempt
   * budget becomes {@code maxAttempts}, and its output, error, execution id and times are cleared.
   * Applies only if the task is in {@code from} at {@code attempt}.
   */
  boolean redriveTask(String runId, String taskName, Set<TaskStatus> from, int attempt, int maxAttempts);

  /**
   * Rerun: moves a finished run in {@code from} back to RUNNING with the given counters, clearing its
   * error and finishedAt; {@code triggeredBy} replaces the run's when not null (a local owner lease).
   */
  boolean redriveRun(String runId, Set<RunStatus> from, int tasksTerminal, int tasksFailed, String triggeredBy, Instant at);

  /**
   * Records that {@code dependency} succeeded, for {@code dependent}. Idempotent: recording the same
   * pair twice counts once. Returns how many distinct dependencies of {@code dependent} are recorded.
   */
  int markDependencySatisfied(String runId, String dependent, String dependency);

  /**
   * Expands a foreach task: applies {@code patch} if the task is in {@code from} at attempt 0, records
   * {@code instances.size()} on its row, creates the instance rows and adds them to the run's task
   * count. Only the caller whose guard held creates rows. A store may do the steps apart (DynamoDB
   * does): a crash in between leaves rows missing, which {@link #createMissingTasks} repairs.
   */
  boolean expandTask(String runId, String taskName, Set<TaskStatus> from, TaskPatch patch, List<TaskRun> instances);

  /** Creates those of {@code tasks} that do not exist yet and counts them on the run; returns how many. */
  int createMissingTasks(String runId, List<TaskRun> tasks);

  /**
   * Counts one more ended instance on foreach task {@code taskName} and returns its row after the
   * count. Called once per instance finish that won; like the run's counters, only a hint.
   */
  TaskRun countInstanceDone(String runId, String taskName);

  /** The instance rows of foreach task {@code taskName}, in element order. */
  default List<TaskRun> instances(String runId, String taskName) {
    return tasks(runId).stream()
        .filter(t -> dev.ork.core.workflow.Instances.isInstance(t.taskName())
            && dev.ork.core.workflow.Instances.parentOf(t.taskName()).equals(taskName))
        .sorted(java.util.Comparator.comparingInt(t -> dev.ork.core.workflow.Instances.indexOf(t.taskName())))
        .toList();
  }

  /** Runs newest first, optionally filtered; {@code cursor} is the previous page's next cursor. */
  RunPage listRuns(RunQuery query);

  /** In-flight tasks whose deadline is at or before {@code now}, across runs (the timeout sweep). */
  List<TaskRun> tasksPastDeadline(Instant now, int limit);

  /** Non-terminal runs whose last change is older than {@code before} (the lost-message sweep). */
  List<Run> runsStaleSince(Instant before, int limit);

  record RunQuery(String workflowName, RunStatus status, int limit, String cursor) {}

  record RunPage(List<Run> runs, String nextCursor) {}
}
