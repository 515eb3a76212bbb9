package dev.ork.core.testing;

import dev.ork.core.port.SnapshotStore;
import dev.ork.core.port.WorkflowRecord;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A SnapshotStore in memory, for engine tests. */
public final class InMemorySnapshotStore implements SnapshotStore {
  private final Map<String, WorkflowRecord> workflows = new ConcurrentHashMap<>();
  private final Map<String, CompiledWorkflow> snapshots = new ConcurrentHashMap<>();

  @Override
  public synchronized WorkflowRecord register(CompiledWorkflow wf, Instant at) {
    snapshots.putIfAbsent(wf.name() + "@" + wf.contentHash(), wf);
    var old = workflows.get(wf.name());
    var rec = new WorkflowRecord(wf.name(), wf.contentHash(), wf.schedule(), old != null && old.scheduleEnabled(),
        old == null ? null : old.nextFireAt(), at);
    workflows.put(wf.name(), rec);
    return rec;
  }

  @Override
  public Optional<WorkflowRecord> workflow(String name) {
    return Optional.ofNullable(workflows.get(name));
  }

  @Override
  public List<WorkflowRecord> workflows() {
    return workflows.values().stream().sorted(java.util.Comparator.comparing(WorkflowRecord::name)).toList();
  }

  @Override
  public Optional<CompiledWorkflow> snapshot(String workflowName, String contentHash) {
    return Optional.ofNullable(snapshots.get(workflowName + "@" + contentHash));
  }

  @Override
  public synchronized boolean setScheduleExpression(String workflowName, String expression, boolean enabled, Instant nextFireAt) {
    var old = workflows.get(workflowName);
    if (old == null) return false;
    workflows.put(workflowName, new WorkflowRecord(old.name(), old.currentSnapshotHash(), expression, enabled,
        nextFireAt, old.updatedAt()));
    return true;
  }

  @Override
  public synchronized boolean deleteWorkflow(String workflowName) {
    return workflows.remove(workflowName) != null;
  }

  @Override
  public synchronized boolean setSchedule(String workflowName, boolean enabled, Instant nextFireAt) {
    var old = workflows.get(workflowName);
    if (old == null) return false;
    workflows.put(workflowName, new WorkflowRecord(old.name(), old.currentSnapshotHash(), old.schedule(), enabled,
        nextFireAt, old.updatedAt()));
    return true;
  }

  @Override
  public synchronized boolean advanceSchedule(String workflowName, Instant expectedNextFireAt, Instant nextFireAt) {
    var old = workflows.get(workflowName);
    if (old == null || !old.scheduleEnabled() || !java.util.Objects.equals(old.nextFireAt(), expectedNextFireAt)) {
      return false;
    }
    workflows.put(workflowName, new WorkflowRecord(old.name(), old.currentSnapshotHash(), old.schedule(), true,
        nextFireAt, old.updatedAt()));
    return true;
  }
}
