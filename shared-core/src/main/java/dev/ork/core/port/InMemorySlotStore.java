package dev.ork.core.port;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Slots in memory, for one process (engine tests, and wirings without a shared store). */
public final class InMemorySlotStore implements SlotStore {
  private final Map<String, Set<String>> held = new HashMap<>();
  private final Map<String, TreeMap<String, String>> waiting = new HashMap<>();
  private final Map<String, Integer> sizes = new TreeMap<>();

  private static String shard(String pool, int capacity, String holder) {
    return pool + "#" + SlotStore.shardOf(holder, capacity);
  }

  @Override
  public synchronized boolean acquire(String pool, int capacity, String holder, Instant since) {
    var key = shard(pool, capacity, holder);
    var holders = held.computeIfAbsent(key, k -> new LinkedHashSet<>());
    if (holders.contains(holder)) return true;
    var queue = waiting.computeIfAbsent(key, k -> new TreeMap<>());
    var mine = since + "#" + holder;
    boolean olderWaits = !queue.isEmpty() && queue.firstKey().compareTo(mine) < 0;
    if (!olderWaits && holders.size() < SlotStore.shardCapacity(capacity, SlotStore.shardOf(holder, capacity))) {
      holders.add(holder);
      waiting.getOrDefault(key, new TreeMap<>()).values().remove(holder);
      return true;
    }
    queue.put(mine, holder);
    return false;
  }

  @Override
  public synchronized Optional<String> release(String pool, int capacity, String holder) {
    var key = shard(pool, capacity, holder);
    held.getOrDefault(key, new LinkedHashSet<>()).remove(holder);
    var queue = waiting.get(key);
    if (queue == null) return Optional.empty();
    queue.values().remove(holder);
    return queue.isEmpty() ? Optional.empty() : Optional.of(queue.firstEntry().getValue());
  }

  @Override
  public synchronized List<String> holders(String pool, int capacity) {
    var out = new ArrayList<String>();
    for (int k = 0; k < SlotStore.shards(capacity); k++) out.addAll(held.getOrDefault(pool + "#" + k, Set.of()));
    return out;
  }

  @Override
  public synchronized void setSlots(String pool, int slots) {
    sizes.put(pool, slots);
  }

  @Override
  public synchronized Optional<Integer> slots(String pool) {
    return Optional.ofNullable(sizes.get(pool));
  }

  @Override
  public synchronized List<Pool> pools() {
    var out = new ArrayList<Pool>();
    sizes.forEach((name, n) -> out.add(new Pool(name, n, holders(name, n).size())));
    return out;
  }
}
