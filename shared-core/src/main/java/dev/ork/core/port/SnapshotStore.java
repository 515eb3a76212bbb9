package dev.ork.core.port;

import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Workflows and their immutable, content-addressed snapshots. */
public interface SnapshotStore {

  /**
   * Stores the snapshot (a no-op when that hash is already stored) and points the workflow at it,
   * creating the workflow if it is new. The schedule text follows the snapshot; whether the schedule
   * is enabled is kept as it was (new workflows start disabled).
   */
  WorkflowRecord register(CompiledWorkflow workflow, Instant at);

  Optional<WorkflowRecord> workflow(String name);

  List<WorkflowRecord> workflows();

  Optional<CompiledWorkflow> snapshot(String workflowName, String contentHash);

  /**
   * Enables or disables the workflow's schedule and sets its next fire time (null for none).
   * Returns false when the workflow is unknown.
   */
  default boolean setSchedule(String workflowName, boolean enabled, Instant nextFireAt) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support setSchedule");
  }

  /**
   * Conditionally moves an enabled schedule's next fire time from {@code expectedNextFireAt} to
   * {@code nextFireAt}: applies only when the schedule is still enabled and its next fire time is
   * exactly {@code expectedNextFireAt} (null: none set). Returns whether it applied, so of several
   * overlapping ticks exactly one advances each due time.
   */
  default boolean advanceSchedule(String workflowName, Instant expectedNextFireAt, Instant nextFireAt) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support advanceSchedule");
  }

  /**
   * Sets the workflow's schedule expression (until the next registration, whose YAML's {@code schedule:}
   * replaces it), whether it is enabled and its next fire time. Returns false when the workflow is unknown.
   */
  default boolean setScheduleExpression(String workflowName, String expression, boolean enabled, Instant nextFireAt) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support setScheduleExpression");
  }

  /**
   * Removes the workflow: it is no longer listed, started or scheduled. Its snapshots stay, so the runs
   * that used them can still be read. Returns false when it was not registered.
   */
  default boolean deleteWorkflow(String workflowName) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support deleteWorkflow");
  }
}
