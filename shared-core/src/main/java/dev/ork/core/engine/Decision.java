package dev.ork.core.engine;

import dev.ork.core.run.DeferredJob;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.workflow.CompiledTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What {@link Decide} returns and {@link Applier} carries out through the ports, in order. Writes
 * are conditional; what follows a write depends on whether its guard held, so a write carries its
 * consequences ({@code then} if it applied, {@code otherwise} if not).
 */
sealed interface Decision {

  /**
   * A task write guarded by {@code guard} (from the task table) at {@code attempt}. A terminal patch
   * is a finish: the task is also counted on its run, and {@code then} sees the run as counted.
   */
  record WriteTask(String runId, String taskName, Set<TaskStatus> guard, int attempt, TaskPatch patch,
      List<Decision> then, List<Decision> otherwise) implements Decision {
    WriteTask(String runId, String taskName, Set<TaskStatus> guard, int attempt, TaskPatch patch) {
      this(runId, taskName, guard, attempt, patch, List.of(), List.of());
    }
  }

  /** A run write guarded by {@code guard} (from the run table); {@code then} follows if it applied. */
  record WriteRun(String runId, Set<RunStatus> guard, RunStatus to, Instant at, String error, List<Decision> then)
      implements Decision {
    WriteRun(String runId, Set<RunStatus> guard, RunStatus to, Instant at, String error) {
      this(runId, guard, to, at, error, List.of());
    }
  }

  /** The attempt ended or waits for a retry: its pool slots go back (see {@link Limits}). */
  record ReleaseTaskSlots(dev.ork.core.workflow.CompiledWorkflow wf, CompiledTask task, String runId, int attempt)
      implements Decision {}

  /** The run ended: its max_active_runs slot (and its backfill's slot) goes back. */
  record ReleaseRunSlot(dev.ork.core.workflow.CompiledWorkflow wf, String runId, String backfillId) implements Decision {}

  /** Adds a dispatch message to the batch that {@link SendBatch} sends. */
  record Batch(DispatchMessage message) implements Decision {}

  /** Sends the batched dispatch messages in one call ({@code evenIfEmpty}: also when there are none). */
  record SendBatch(boolean evenIfEmpty) implements Decision {}

  record DispatchAfter(DispatchMessage message, Duration delay) implements Decision {}

  record SendStatus(StatusUpdate update) implements Decision {}

  record StatusAfter(StatusUpdate update, Duration delay) implements Decision {}

  /** Binds the claimed attempt's inputs and launches it; its outcome is decided by {@link Decide#launched} or {@link Decide#launchFailed}. */
  record Launch(Run run, TaskRun claimed) implements Decision {}

  /** Asks the executor to stop an attempt it runs. */
  record StopAttempt(String kind, String runId, String taskName, int attempt, String executionId, String reason)
      implements Decision {}

  /** Stops what a launch started if the attempt was cancelled meanwhile (read, then maybe stop). */
  record StopIfCancelled(String kind, String runId, String taskName, int attempt, String executionId)
      implements Decision {}

  record CreateJobs(List<DeferredJob> jobs) implements Decision {}

  /** Cancels the attempt's open deferred jobs, at their services too. */
  record CancelJobs(String runId, String taskName, int attempt, String reason) implements Decision {}

  /** Cancels the attempt's open jobs unless the task is (still) deferred at that attempt. */
  record CancelJobsUnlessDeferred(String runId, String taskName, int attempt, String reason) implements Decision {}

  /** The consequences of a finish that applied, decided from the run it returned. */
  record AfterTerminal(CompiledTask task, TaskStatus status) implements Decision {}

  /**
   * A finish whose guard did not hold: if the task is found terminal at {@code attempt} (as
   * {@code status}, or as anything terminal when null), its consequences are replayed.
   */
  record ReplayIfFinished(CompiledTask task, String runId, int attempt, TaskStatus status) implements Decision {}

  /**
   * Tasks that just became ready. Each is claimed inline ({@code inlineClaim}, when set) or else
   * queued ({@code queue}); a claim that throws (throttled) falls back to queueing.
   */
  record Release(Run run, List<Ready> ready) implements Decision {
    /** One ready task: a foreach to expand ({@code expand}), or a task claimed inline or queued. */
    record Ready(WriteTask inlineClaim, WriteTask queue, CompiledTask expand) {}
  }

  /** Repairs a running foreach task (missing rows, lanes not started, a lost end): see {@link Fanout#reconcile}. */
  record ReconcileForeach(CompiledTask task, TaskRun row, java.util.Map<String, TaskRun> byName, Run run)
      implements Decision {}

  /** Marks pending descendants upstream-failed; then completes the run from the last count if {@code thenComplete}. */
  record Propagate(List<WriteTask> writes, boolean thenComplete) implements Decision {}

  /** Completes the run if its counters (from the finish that applied) say every task is terminal. */
  record CompleteIfDone() implements Decision {}
}
