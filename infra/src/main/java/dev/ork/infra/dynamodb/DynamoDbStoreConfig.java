package dev.ork.infra.dynamodb;

import java.time.Clock;
import java.time.Duration;

/**
 * Settings of the DynamoDB stores.
 *
 * @param tableName the single table (see {@link DynamoDbTables})
 * @param retention how long a finished run's items (and an idempotency key) live before TTL deletes them
 * @param shards how many partitions the runs-by-status, all-runs and deadline indexes spread over
 * @param maxOutputBytes the largest task output (UTF-8 JSON) accepted; the rest of a 400 KB item is
 *     left for the task's other attributes
 * @param clock used only for TTL timestamps when a write carries no time of its own
 */
public record DynamoDbStoreConfig(String tableName, Duration retention, int shards, int maxOutputBytes, Clock clock) {

  public static final int DEFAULT_MAX_OUTPUT_BYTES = 350_000;

  public DynamoDbStoreConfig {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1");
    }
  }

  public static DynamoDbStoreConfig defaults(String tableName) {
    return new DynamoDbStoreConfig(tableName, Duration.ofDays(30), 4, DEFAULT_MAX_OUTPUT_BYTES, Clock.systemUTC());
  }
}
