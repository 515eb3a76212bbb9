package dev.ork.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SlotStore} must do; each backend runs it. */
public abstract class SlotStoreContract {
  protected abstract SlotStore newStore();

  protected SlotStore store;
  private String pool;

  @BeforeEach
  void setUpStore() {
    store = newStore();
    pool = "p-" + UUID.randomUUID();
  }

  private static Instant at(int s) {
    return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(s);
  }

  @Test
  void acquire_grantsUpToCapacity_isIdempotentPerHolder_andQueuesTheRestOldestFirst() {
    assertThat(store.acquire(pool, 2, "a", at(0))).isTrue();
    assertThat(store.acquire(pool, 2, "a", at(0))).as("again: same slot").isTrue();
    assertThat(store.acquire(pool, 2, "b", at(1))).isTrue();
    assertThat(store.acquire(pool, 2, "d", at(3))).isFalse();
    assertThat(store.acquire(pool, 2, "c", at(2))).isFalse();
    assertThat(store.acquire(pool, 2, "c", at(2))).as("a waiter asking again still waits").isFalse();
    assertThat(store.holders(pool, 2)).containsExactlyInAnyOrder("a", "b");
    assertThat(store.release(pool, 2, "a")).contains("c");
    assertThat(store.acquire(pool, 2, "c", at(2))).isTrue();
    assertThat(store.acquire(pool, 2, "e", at(4))).isFalse();
    assertThat(store.release(pool, 2, "b")).contains("d");
    assertThat(store.acquire(pool, 2, "e", at(4))).as("d waits longer: e may not take its slot").isFalse();
    assertThat(store.release(pool, 2, "d")).as("d cancelled: its wait ends").contains("e");
    assertThat(store.acquire(pool, 2, "e", at(4))).isTrue();
    assertThat(store.release(pool, 2, "c")).isEmpty();
    assertThat(store.release(pool, 2, "e")).isEmpty();
    assertThat(store.holders(pool, 2)).isEmpty();
    assertThat(store.release(pool, 2, "nobody")).isEmpty();
  }

  @Test
  void widePool_isSharded_andNeverHoldsMoreThanItsCapacity() {
    int capacity = 120; // three shards of 40
    assertThat(SlotStore.shards(capacity)).isEqualTo(3);
    int granted = 0;
    for (int i = 0; i < 300; i++) if (store.acquire(pool, capacity, "h" + i, at(i))) granted++;
    assertThat(granted).isEqualTo(capacity);
    assertThat(store.holders(pool, capacity)).hasSize(capacity).doesNotHaveDuplicates();
  }

  @Test
  void namedPools_keepTheirSize_andCountWhatIsInUse() {
    assertThat(store.slots(pool)).isEmpty();
    store.setSlots(pool, 2);
    store.setSlots(pool, 3);
    assertThat(store.slots(pool)).contains(3);
    store.acquire(pool, 3, "x", at(0));
    assertThat(store.pools()).filteredOn(p -> p.name().equals(pool)).singleElement()
        .isEqualTo(new SlotStore.Pool(pool, 3, 1));
  }
}
