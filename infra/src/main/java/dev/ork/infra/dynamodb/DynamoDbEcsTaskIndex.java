package dev.ork.infra.dynamodb;

import static dev.ork.infra.dynamodb.DynamoDbItems.n;
import static dev.ork.infra.dynamodb.DynamoDbItems.s;

import dev.ork.infra.ecs.EcsTaskIndex;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link EcsTaskIndex} in Ork's table: one small item per key, {@code PK = ECS#<task ARN or startedBy>},
 * {@code SK = META}, holding the attempt (runId, task, attempt, container), expiring with the runs.
 * A plain PutItem: the same attempt always writes the same item, so repeats are harmless.
 */
public final class DynamoDbEcsTaskIndex implements EcsTaskIndex {
  static final String PREFIX = "ECS#";
  private final DynamoDbClient client;
  private final DynamoDbStoreConfig config;

  public DynamoDbEcsTaskIndex(DynamoDbClient client, DynamoDbStoreConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public void recordStartedBy(String startedBy, Entry entry) {
    put(startedBy, entry);
  }

  @Override
  public void recordTaskArn(String taskArn, Entry entry) {
    put(taskArn, entry);
  }

  private void put(String key, Entry e) {
    var item = new HashMap<String, AttributeValue>();
    item.put("PK", s(PREFIX + key));
    item.put("SK", s("META"));
    item.put("type", s("ecs-task"));
    item.put("runId", s(e.runId()));
    item.put("taskName", s(e.taskName()));
    item.put("attempt", n(e.attempt()));
    if (e.container() != null) item.put("container", s(e.container()));
    item.put("expiresAt", n(config.clock().instant().plus(config.retention()).getEpochSecond()));
    client.putItem(b -> b.tableName(config.tableName()).item(item));
  }

  @Override
  public Optional<Entry> find(String taskArn, String startedBy) {
    for (var key : new String[] {taskArn, startedBy}) {
      if (key == null || key.isBlank()) continue;
      var item = client.getItem(b -> b.tableName(config.tableName()).consistentRead(true)
          .key(Map.of("PK", s(PREFIX + key), "SK", s("META")))).item();
      if (item != null && item.containsKey("runId")) {
        return Optional.of(new Entry(item.get("runId").s(), item.get("taskName").s(),
            Integer.parseInt(item.get("attempt").n()), item.containsKey("container") ? item.get("container").s() : null));
      }
    }
    return Optional.empty();
  }
}
