package dev.ork.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Slots of pools: named pools shared by all runs ({@code pool:} on a task), and the implicit pools of
 * {@code max_active_runs} (per workflow) and {@code max_active_tasks} (per run). A holder (an attempt,
 * or a run) takes one slot; every change is a conditional write, idempotent per holder. A pool of
 * more than {@link #SHARD_SLOTS} slots is split into shards that fill independently (a holder's shard
 * is fixed by its name), so no single item takes every write of a wide pool.
 */
public interface SlotStore {
  int SHARD_SLOTS = 50;

  /**
   * Takes a slot for {@code holder} if its shard has one free and no older waiter (true also when it
   * holds one already); otherwise queues {@code holder} as a waiter of that shard, ordered by
   * {@code since}, and returns false. Taking the slot ends the holder's wait.
   */
  boolean acquire(String pool, int capacity, String holder, Instant since);

  /**
   * Gives the holder's slot back and ends its wait if it waits (a cancelled waiter), then returns the
   * oldest waiter of its shard, if any, to be woken. The waiter stays queued until it takes a slot, so
   * no younger one can take the slot first.
   */
  Optional<String> release(String pool, int capacity, String holder);

  /** Every holder of the pool, across its shards. */
  List<String> holders(String pool, int capacity);

  /** Sets a named pool's size. */
  void setSlots(String pool, int slots);

  /** A named pool's size, if it was set. */
  Optional<Integer> slots(String pool);

  /** Named pools and how many slots each has in use. */
  List<Pool> pools();

  record Pool(String name, int slots, int inUse) {}

  /** Shards of a pool of {@code capacity} slots. */
  static int shards(int capacity) {
    return Math.max(1, (capacity + SHARD_SLOTS - 1) / SHARD_SLOTS);
  }

  /** The shard a holder takes its slot in. */
  static int shardOf(String holder, int capacity) {
    return Math.floorMod(holder.hashCode(), shards(capacity));
  }

  /** The slots of shard {@code shard}: the capacity spread as evenly as it goes. */
  static int shardCapacity(int capacity, int shard) {
    int n = shards(capacity);
    return capacity / n + (shard < capacity % n ? 1 : 0);
  }
}
