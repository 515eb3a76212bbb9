package dev.ork.core.engine;

import dev.ork.core.port.BackfillStore;
import dev.ork.core.port.Clock;
import dev.ork.core.port.Deferrals;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.InMemoryBackfillStore;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.PayloadStore;
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
    PayloadStore payloads,
    BackfillStore backfills) {

  /** A wiring without a payload store (outputs over the inline limit are refused), its backfills in this process only. */
  public EnginePorts(SnapshotStore snapshots, RunStore runs, MessageQueue<DispatchMessage> dispatchQueue,
      MessageQueue<StatusUpdate> statusQueue, ExecutorRegistry executors, Clock clock, Supplier<String> runIds,
      Deferrals deferrals, SlotStore slots) {
    this(snapshots, runs, dispatchQueue, statusQueue, executors, clock, runIds, deferrals, slots, PayloadStore.none(),
        new InMemoryBackfillStore());
  }

  /** These ports with large outputs stored out of line in {@code store}. */
  public EnginePorts withPayloads(PayloadStore store) {
    return new EnginePorts(snapshots, runs, dispatchQueue, statusQueue, executors, clock, runIds, deferrals, slots, store,
        backfills);
  }

  /** These ports with backfills kept in {@code store} (by default they live in this process only). */
  public EnginePorts withBackfills(BackfillStore store) {
    return new EnginePorts(snapshots, runs, dispatchQueue, statusQueue, executors, clock, runIds, deferrals, slots, payloads,
        store);
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
