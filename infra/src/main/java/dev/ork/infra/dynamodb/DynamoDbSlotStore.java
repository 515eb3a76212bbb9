package dev.ork.infra.dynamodb;

import static dev.ork.infra.dynamodb.DynamoDbItems.META;
import static dev.ork.infra.dynamodb.DynamoDbItems.key;
import static dev.ork.infra.dynamodb.DynamoDbItems.n;
import static dev.ork.infra.dynamodb.DynamoDbItems.s;

import dev.ork.core.port.SlotStore;
import dev.ork.infra.store.InstantText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link SlotStore} on Ork's table. Each shard of a pool is one item {@code SLOTS#<pool>#<shard>} /
 * {@code META} whose string set {@code holders} is changed by conditional UpdateItems (ADD only while
 * the set is below the shard's capacity or already holds the holder; DELETE); its waiters are items
 * {@code WAIT#<since>#<holder>} in the same partition, oldest first; a holder takes a slot only when
 * no older waiter is queued (checked by a Query just before: under a race the order, never the bound, may slip).
 * A wide pool's shards are different partitions, so a 1,000-slot pool spreads over 20 keys. Named
 * pools' sizes are items {@code POOLS} / {@code <name>}.
 */
public final class DynamoDbSlotStore implements SlotStore {
  private static final String POOLS = "POOLS";
  private final DynamoDbClient client;
  private final String table;

  public DynamoDbSlotStore(DynamoDbClient client, DynamoDbStoreConfig config) {
    this.client = client;
    this.table = config.tableName();
  }

  private static String shardPk(String pool, int shard) {
    return "SLOTS#" + pool + "#" + shard;
  }

  @Override
  public boolean acquire(String pool, int capacity, String holder, Instant since) {
    int shard = SlotStore.shardOf(holder, capacity);
    var pk = shardPk(pool, shard);
    var mine = "WAIT#" + InstantText.format(since) + "#" + holder;
    var oldest = waiters(pk).stream().findFirst();
    boolean olderWaits = oldest.isPresent() && oldest.get().get("SK").s().compareTo(mine) < 0;
    if (!olderWaits && take(pk, SlotStore.shardCapacity(capacity, shard), holder)) {
      if (oldest.isPresent()) client.deleteItem(b -> b.tableName(table).key(key(pk, mine))); // its wait, if any, ends
      return true;
    }
    var item = new java.util.HashMap<>(key(pk, mine));
    item.put("holder", s(holder));
    client.putItem(b -> b.tableName(table).item(item));
    if (olderWaits) return false;
    // a release between the refusal and the put found no waiter to wake: try once more
    if (!take(pk, SlotStore.shardCapacity(capacity, shard), holder)) return false;
    client.deleteItem(b -> b.tableName(table).key(key(pk, mine)));
    return true;
  }

  /** The shard's waiters, oldest first (one consistent Query; a shard's queue is short). */
  private List<Map<String, AttributeValue>> waiters(String pk) {
    return client.query(b -> b.tableName(table).consistentRead(true)
        .keyConditionExpression("PK = :pk AND begins_with(SK, :w)")
        .expressionAttributeValues(Map.of(":pk", s(pk), ":w", s("WAIT#")))).items();
  }

  private boolean take(String pk, int shardCapacity, String holder) {
    try {
      client.updateItem(b -> b.tableName(table).key(key(pk, META))
          .updateExpression("ADD holders :h")
          .conditionExpression("attribute_not_exists(holders) OR size(holders) < :cap OR contains(holders, :one)")
          .expressionAttributeValues(Map.of(":h", AttributeValue.fromSs(List.of(holder)), ":cap", n(shardCapacity),
              ":one", s(holder))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public Optional<String> release(String pool, int capacity, String holder) {
    var pk = shardPk(pool, SlotStore.shardOf(holder, capacity));
    client.updateItem(b -> b.tableName(table).key(key(pk, META)).updateExpression("DELETE holders :h")
        .expressionAttributeValues(Map.of(":h", AttributeValue.fromSs(List.of(holder)))));
    String next = null;
    for (var w : waiters(pk)) {
      if (w.get("holder").s().equals(holder)) { // a cancelled waiter: its wait ends
        client.deleteItem(b -> b.tableName(table).key(key(pk, w.get("SK").s())));
      } else if (next == null) {
        next = w.get("holder").s();
      }
    }
    return Optional.ofNullable(next);
  }

  @Override
  public List<String> holders(String pool, int capacity) {
    var out = new ArrayList<String>();
    for (int k = 0; k < SlotStore.shards(capacity); k++) {
      int shard = k;
      var item = client.getItem(b -> b.tableName(table).key(key(shardPk(pool, shard), META)).consistentRead(true)).item();
      if (item != null && item.containsKey("holders")) out.addAll(item.get("holders").ss());
    }
    return out;
  }

  @Override
  public void setSlots(String pool, int slots) {
    client.putItem(b -> b.tableName(table).item(Map.of("PK", s(POOLS), "SK", s(pool), "type", s("pool"),
        "slots", n(slots))));
  }

  @Override
  public Optional<Integer> slots(String pool) {
    var item = client.getItem(b -> b.tableName(table).key(key(POOLS, pool))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(item.get("slots").n()));
  }

  @Override
  public List<Pool> pools() {
    var out = new ArrayList<Pool>();
    var items = client.query(b -> b.tableName(table).consistentRead(true).keyConditionExpression("PK = :pk")
        .expressionAttributeValues(Map.of(":pk", s(POOLS)))).items();
    for (var i : items) {
      int slots = Integer.parseInt(i.get("slots").n());
      out.add(new Pool(i.get("SK").s(), slots, holders(i.get("SK").s(), slots).size()));
    }
    return out;
  }
}
