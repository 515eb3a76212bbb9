package dev.ork.core.engine;

import dev.ork.core.port.Clock;
import dev.ork.core.port.Deferrals;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.RunStore;
import dev.ork.core.port.InMemorySlotStore;
import dev.ork.core.port.SlotStore;
import dev.ork.core.port.SnapshotStore;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.StatusUpdate;
import java.util.function.Supplier;

/** What the engine is wired to. The local runtime and the Lambda handlers each build one. */
public record EnginePorts(
    SnapshotStore snapshots,
    RunStore runs,
    MessageQueue<DispatchMessage> dispatchQueue,
    MessageQueue<StatusUpdate> statusQueue,
    ExecutorRegistry executors,
    Clock clock,
    Supplier<String> runIds,
    Deferrals deferrals,
    SlotStore slots,
    dev.ork.core.port.BackfillStore backfills) {

  /** A wiring whose backfills live in this process only. */
  public EnginePorts(SnapshotStore snapshots, RunStore runs, MessageQueue<DispatchMessage> dispatchQueue,
      MessageQueue<StatusUpdate> statusQueue, ExecutorRegistry executors, Clock clock, Supplier<String> runIds,
      Deferrals deferrals, SlotStore slots) {
    this(snapshots, runs, dispatchQueue, statusQueue, executors, clock, runIds, deferrals, slots,
        new dev.ork.core.port.InMemoryBackfillStore());
  }

  /** A wiring whose pool slots live in this process only. */
  public EnginePorts(SnapshotStore snapshots, RunStore runs, MessageQueue<DispatchMessage> dispatchQueue,
      MessageQueue<StatusUpdate> statusQueue, ExecutorRegistry executors, Clock clock, Supplier<String> runIds,
      Deferrals deferrals) {
    this(snapshots, runs, dispatchQueue, statusQueue, executors, clock, runIds, deferrals, new InMemorySlotStore());
  }

  /** A wiring without deferred-job support. */
  public EnginePorts(SnapshotStore snapshots, RunStore runs, MessageQueue<DispatchMessage> dispatchQueue,
      MessageQueue<StatusUpdate> statusQueue, ExecutorRegistry executors, Clock clock, Supplier<String> runIds) {
    this(snapshots, runs, dispatchQueue, statusQueue, executors, clock, runIds, Deferrals.none());
  }
}
