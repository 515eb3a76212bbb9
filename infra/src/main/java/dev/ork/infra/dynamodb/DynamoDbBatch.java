package dev.ork.infra.dynamodb;

import dev.ork.infra.aws.RunUsageMeter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem (25 per request, several batches in parallel) and BatchGetItem (100 per request),
 * retrying unprocessed items with jittered exponential backoff.
 */
final class DynamoDbBatch {
  private DynamoDbBatch() {}

  private static final int MAX_ROUNDS = 12;

  /** Writes {@code items} in batches of 25, up to {@link #PARALLEL_BATCHES} batches at a time. */
  static void putAll(DynamoDbClient client, String table, List<Map<String, AttributeValue>> items) {
    var batches = new ArrayList<List<Map<String, AttributeValue>>>();
    for (int from = 0; from < items.size(); from += 25) {
      batches.add(items.subList(from, Math.min(items.size(), from + 25)));
    }
    if (batches.size() <= 1) {
      batches.forEach(b -> putBatch(client, table, b));
      return;
    }
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(PARALLEL_BATCHES, batches.size()))) {
      // the workers' requests count for the caller's run (cost per run)
      var futures = batches.stream().map(b -> pool.submit(RunUsageMeter.carried(() -> putBatch(client, table, b)))).toList();
      for (var f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while writing a DynamoDB batch", e);
        }
      }
    }
  }

  static final int PARALLEL_BATCHES = 8;

  private static void putBatch(DynamoDbClient client, String table, List<Map<String, AttributeValue>> batch) {
    var pending = new ArrayList<WriteRequest>();
    for (var item : batch) {
      pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    Map<String, List<WriteRequest>> request = Map.of(table, pending);
    for (int round = 0; !request.isEmpty(); round++) {
      if (round == MAX_ROUNDS) {
        throw new IllegalStateException("BatchWriteItem still has unprocessed items after " + MAX_ROUNDS + " rounds");
      }
      backoff(round);
      var req = request;
      var response = client.batchWriteItem(b -> b.requestItems(req));
      request = response.hasUnprocessedItems() && !response.unprocessedItems().isEmpty()
          ? response.unprocessedItems() : Map.of();
    }
  }

  /** Gets the items for {@code keys}, in the order of {@code keys}; missing items are skipped. */
  static List<Map<String, AttributeValue>> getAll(DynamoDbClient client, String table, List<Map<String, AttributeValue>> keys) {
    return getAll(client, table, keys, true);
  }

  /** As above; {@code consistent} false: eventually consistent, half the read units. */
  static List<Map<String, AttributeValue>> getAll(DynamoDbClient client, String table, List<Map<String, AttributeValue>> keys,
      boolean consistent) {
    var found = new HashMap<String, Map<String, AttributeValue>>();
    for (int from = 0; from < keys.size(); from += 100) {
      var chunk = keys.subList(from, Math.min(keys.size(), from + 100));
      Map<String, KeysAndAttributes> request =
          Map.of(table, KeysAndAttributes.builder().keys(chunk).consistentRead(consistent).build());
      for (int round = 0; !request.isEmpty(); round++) {
        if (round == MAX_ROUNDS) {
          throw new IllegalStateException("BatchGetItem still has unprocessed keys after " + MAX_ROUNDS + " rounds");
        }
        backoff(round);
        var req = request;
        var r = client.batchGetItem(b -> b.requestItems(req));
        for (var item : r.responses().getOrDefault(table, List.of())) {
          found.put(id(item), item);
        }
        request = r.hasUnprocessedKeys() && !r.unprocessedKeys().isEmpty() ? r.unprocessedKeys() : Map.of();
      }
    }
    var out = new ArrayList<Map<String, AttributeValue>>();
    for (var k : keys) {
      var item = found.get(id(k));
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  /**
   * The table keys of up to {@code limit} items per shard that GSI4 (the deadline index) holds under
   * {@code <prefix><shard>} with a deadline at or before {@code nowText}: due deferred jobs (prefix
   * {@code DJ#}). Callers re-read the items (the index lags).
   */
  static List<Map<String, AttributeValue>> dueKeys(DynamoDbClient client, String table, String prefix, int shards,
      String nowText, int limit) {
    var keys = new ArrayList<Map<String, AttributeValue>>();
    for (int shard = 0; shard < shards; shard++) {
      var request = QueryRequest.builder().tableName(table).indexName(DynamoDbTables.TASKS_BY_DEADLINE)
          .keyConditionExpression("DLPK = :pk AND deadline <= :now")
          .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(prefix + shard), ":now", AttributeValue.fromS(nowText)))
          .limit(limit).build();
      int taken = 0;
      for (var page : client.queryPaginator(request)) {
        for (var item : page.items()) {
          if (taken++ < limit) keys.add(Map.of("PK", item.get("PK"), "SK", item.get("SK")));
        }
        if (taken >= limit) break;
      }
    }
    return keys;
  }

  private static String id(Map<String, AttributeValue> item) {
    return item.get("PK").s() + "\u0000" + item.get("SK").s();
  }

  private static void backoff(int round) {
    if (round == 0) {
      return;
    }
    try {
      Thread.sleep(Math.min(1000, 10L << round) + (long) (Math.random() * 10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a DynamoDB batch", e);
    }
  }
}
