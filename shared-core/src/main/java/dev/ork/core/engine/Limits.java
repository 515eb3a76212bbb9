package dev.ork.core.engine;

import dev.ork.core.port.SlotStore;
import dev.ork.core.run.Backfill;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.Run;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Concurrency limits as pool slots: a task's {@code pool} (shared by all runs), its run's
 * {@code max_active_tasks}, a workflow's {@code max_active_runs}, and a backfill's {@code max_active}. An attempt takes its slots when
 * it is claimed and gives them back when it ends; a run takes its slot when it goes from pending to
 * running and gives it back when it ends. Who finds a pool full waits as a queued task (or pending
 * run) and is woken, oldest first, by the next release; the sweep returns slots of crashed holders.
 */
final class Limits {
  /** The size of a named pool nobody has set (`ork pool set`, PUT /pools/{name}). */
  static final int DEFAULT_POOL_SLOTS = 1;

  private final EnginePorts ports;
  private Consumer<String> activate = runId -> { };

  Limits(EnginePorts ports) {
    this.ports = ports;
  }

  void onRunWoken(Consumer<String> activate) {
    this.activate = activate;
  }

  static String holder(String runId, String task, int attempt) {
    return runId + "/" + task + "/" + attempt;
  }

  static String runPool(String runId) {
    return "run:" + runId;
  }

  static String workflowPool(String workflow) {
    return "workflow:" + workflow;
  }

  /** True when the task's attempts take slots: it names a pool, or its run caps its active tasks. */
  static boolean limited(CompiledWorkflow wf, CompiledTask ct) {
    boolean expandsOnly = ct.foreach() != null && !ct.isInstance(); // a foreach task itself runs nothing
    return !expandsOnly && (ct.pool() != null || wf.maxActiveTasks() != null);
  }

  /** Why a queued task waits: a full pool (named, or its run's max_active_tasks); null when no limit applies. */
  String waitingReason(CompiledWorkflow wf, TaskRun t) {
    if (t.status() != dev.ork.core.run.TaskStatus.QUEUED) return null;
    var ct = wf.task(t.taskName()).orElse(null);
    if (ct == null || !limited(wf, ct)) return null;
    if (ct.pool() != null) {
      int size = poolSize(ct.pool());
      return "for a slot of pool " + ct.pool() + " (" + ports.slots().holders(ct.pool(), size).size() + "/" + size + " in use)";
    }
    return "for one of the run's max_active_tasks " + wf.maxActiveTasks() + " slots";
  }

  int poolSize(String pool) {
    return ports.slots().slots(pool).orElse(DEFAULT_POOL_SLOTS);
  }

  /** Takes the attempt's slots; false (and it waits, queued) when a pool it needs is full. */
  boolean takeTaskSlots(CompiledWorkflow wf, CompiledTask ct, TaskRun task) {
    var holder = holder(task.runId(), ct.name(), task.attempt());
    var since = task.queuedAt() != null ? task.queuedAt() : task.retryAt() != null ? task.retryAt() : ports.clock().now();
    if (ct.pool() != null && !ports.slots().acquire(ct.pool(), poolSize(ct.pool()), holder, since)) return false;
    if (wf.maxActiveTasks() != null
        && !ports.slots().acquire(runPool(task.runId()), wf.maxActiveTasks(), holder, since)) {
      if (ct.pool() != null) wakeTask(ports.slots().release(ct.pool(), poolSize(ct.pool()), holder));
      return false;
    }
    return true;
  }

  /** The attempt ended (or never ran): its slots go back, and the oldest waiter of each is woken. */
  void releaseTaskSlots(CompiledWorkflow wf, CompiledTask ct, String runId, int attempt) {
    if (!limited(wf, ct)) return;
    var holder = holder(runId, ct.name(), attempt);
    if (ct.pool() != null) wakeTask(ports.slots().release(ct.pool(), poolSize(ct.pool()), holder));
    if (wf.maxActiveTasks() != null) wakeTask(ports.slots().release(runPool(runId), wf.maxActiveTasks(), holder));
  }

  /**
   * Takes the run's slots: of its backfill's max_active (if a backfill started it), then of its
   * workflow's max_active_runs; false: it stays pending. A backfill's runs wait oldest slot first, others
   * in creation order.
   */
  boolean takeRunSlot(CompiledWorkflow wf, Run run, Backfill backfill) {
    if (backfill != null
        && !takeRunSlotIn(backfillPool(backfill.id()), backfill.maxActive(), run, run.intervalEnd())) return false;
    return wf.maxActiveRuns() == null || takeRunSlotIn(workflowPool(wf.name()), wf.maxActiveRuns(), run, run.createdAt());
  }

  private boolean takeRunSlotIn(String pool, int capacity, Run run, Instant since) {
    if (ports.slots().acquire(pool, capacity, run.runId(), since)) return true;
    // full: a run that ended without giving its slot back (its handler crashed) frees it now
    for (var holder : ports.slots().holders(pool, capacity)) {
      if (ports.runs().run(holder).map(r -> r.status().isTerminal()).orElse(true)) {
        ports.slots().release(pool, capacity, holder).ifPresent(activate);
      }
    }
    return ports.slots().acquire(pool, capacity, run.runId(), since);
  }

  /** The backfill that started the run, if one did and it is still stored. */
  Optional<Backfill> backfillOf(Run run) {
    return run.backfillId() == null ? Optional.empty() : ports.backfills().backfill(run.backfillId());
  }

  /** The run ended (or was cancelled): its slots go back, and the oldest waiter of each is woken. */
  void releaseRunSlot(CompiledWorkflow wf, String runId, String backfillId) {
    if (backfillId != null) {
      ports.backfills().backfill(backfillId).ifPresent(b ->
          ports.slots().release(backfillPool(b.id()), b.maxActive(), runId).ifPresent(activate));
    }
    if (wf.maxActiveRuns() == null) return;
    ports.slots().release(workflowPool(wf.name()), wf.maxActiveRuns(), runId).ifPresent(activate);
  }

  static String backfillPool(String backfillId) {
    return "backfill:" + backfillId;
  }

  private void wakeTask(Optional<String> waiter) {
    waiter.ifPresent(w -> {
      var parts = w.split("/");
      if (parts.length == 3) ports.dispatchQueue().send(new DispatchMessage(parts[0], parts[1], Integer.parseInt(parts[2])));
    });
  }

  /**
   * The sweep's part: slots held by attempts no longer in flight (their handler crashed between the
   * attempt's end and the release) go back. Named pools only; a run's own pools are checked by its reconcile.
   */
  int returnLostSlots(Instant now) {
    int returned = 0;
    for (var pool : ports.slots().pools()) {
      for (var holder : ports.slots().holders(pool.name(), pool.slots())) {
        if (!holdsInFlight(holder)) {
          wakeTask(ports.slots().release(pool.name(), pool.slots(), holder));
          returned++;
        }
      }
    }
    return returned;
  }

  /** A run's max_active_tasks slots held by attempts no longer in flight go back (called by reconcile). */
  void returnLostSlots(CompiledWorkflow wf, String runId) {
    if (wf.maxActiveTasks() == null) return;
    for (var holder : ports.slots().holders(runPool(runId), wf.maxActiveTasks())) {
      if (!holdsInFlight(holder)) wakeTask(ports.slots().release(runPool(runId), wf.maxActiveTasks(), holder));
    }
  }

  /** In flight, or about to be claimed (a slot is taken just before the claim write). */
  private boolean holdsInFlight(String holder) {
    var parts = holder.split("/");
    if (parts.length != 3) return true;
    return ports.runs().task(parts[0], parts[1]).filter(t -> t.attempt() == Integer.parseInt(parts[2])
        && (t.status().isInFlight() || t.status() == TaskStatus.QUEUED || t.status() == TaskStatus.RETRY_WAIT)).isPresent();
  }
}
