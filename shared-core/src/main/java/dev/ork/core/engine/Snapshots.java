package dev.ork.core.engine;

import dev.ork.core.port.SnapshotStore;
import dev.ork.core.workflow.CompiledWorkflow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Snapshots are immutable, so each is read from the store once per process. */
final class Snapshots {
  private final SnapshotStore store;
  private final Map<String, CompiledWorkflow> cache = new ConcurrentHashMap<>();

  Snapshots(SnapshotStore store) {
    this.store = store;
  }

  /** A snapshot this process has just stored: read from memory, not back from the store. */
  void remember(CompiledWorkflow workflow) {
    cache.putIfAbsent(workflow.name() + "@" + workflow.contentHash(), workflow);
  }

  CompiledWorkflow get(String workflowName, String hash) {
    var key = workflowName + "@" + hash;
    var hit = cache.get(key);
    if (hit != null) return hit;
    var loaded = store.snapshot(workflowName, hash).orElseThrow(() -> EngineException.notFound(
        "snapshot " + hash + " of workflow '" + workflowName + "' is not stored"));
    cache.put(key, loaded);
    return loaded;
  }
}
