package dev.ork.infra.dynamodb;

import static dev.ork.infra.dynamodb.DynamoDbItems.META;
import static dev.ork.infra.dynamodb.DynamoDbItems.key;
import static dev.ork.infra.dynamodb.DynamoDbItems.n;
import static dev.ork.infra.dynamodb.DynamoDbItems.num;
import static dev.ork.infra.dynamodb.DynamoDbItems.s;
import static dev.ork.infra.dynamodb.DynamoDbItems.str;
import static dev.ork.infra.store.InstantText.format;
import static dev.ork.infra.store.InstantText.parse;

import dev.ork.core.port.BackfillStore;
import dev.ork.core.run.Backfill;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@link BackfillStore} on the single table: {@code BACKFILL#<id>/META}, written put-if-absent and
 * cancelled with an update guarded on {@code attribute_not_exists(cancelledAt)}. A workflow's
 * backfills are listed through GSI3 ({@code GSI3PK = BACKFILLS#<workflow>}, {@code GSISK = <createdAt>#<id>}),
 * never by a scan; like every GSI read, the list may lag a create by a moment.
 */
public final class DynamoDbBackfillStore implements BackfillStore {
  private final DynamoDbClient client;
  private final String table;

  public DynamoDbBackfillStore(DynamoDbClient client, DynamoDbStoreConfig config) {
    this.client = client;
    this.table = config.tableName();
  }

  private static String pk(String id) {
    return "BACKFILL#" + id;
  }

  @Override
  public Backfill create(Backfill b) {
    var item = new HashMap<String, AttributeValue>();
    item.put("PK", s(pk(b.id())));
    item.put("SK", s(META));
    item.put("type", s("backfill"));
    item.put("GSI3PK", s("BACKFILLS#" + b.workflowName()));
    item.put("GSISK", s(format(b.createdAt()) + "#" + b.id()));
    item.put("id", s(b.id()));
    item.put("workflowName", s(b.workflowName()));
    item.put("snapshotHash", s(b.snapshotHash()));
    item.put("from", s(format(b.from())));
    item.put("to", s(format(b.to())));
    item.put("maxActive", n(b.maxActive()));
    item.put("slots", n(b.slots()));
    if (b.triggeredBy() != null) item.put("triggeredBy", s(b.triggeredBy()));
    item.put("createdAt", s(format(b.createdAt())));
    if (b.cancelledAt() != null) item.put("cancelledAt", s(format(b.cancelledAt())));
    try {
      client.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
      return b;
    } catch (ConditionalCheckFailedException exists) {
      return backfill(b.id()).orElseThrow();
    }
  }

  @Override
  public Optional<Backfill> backfill(String id) {
    var item = client.getItem(r -> r.tableName(table).key(key(pk(id), META)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
  }

  @Override
  public List<Backfill> backfills(String workflowName) {
    var request = QueryRequest.builder().tableName(table).indexName(DynamoDbTables.RUNS_BY_TIME)
        .keyConditionExpression("GSI3PK = :pk").scanIndexForward(false)
        .expressionAttributeValues(Map.of(":pk", s("BACKFILLS#" + workflowName))).build();
    var out = new ArrayList<Backfill>();
    for (var page : client.queryPaginator(request)) {
      for (var k : page.items()) backfill(k.get("PK").s().substring("BACKFILL#".length())).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public boolean cancel(String id, Instant at) {
    try {
      client.updateItem(r -> r.tableName(table).key(key(pk(id), META)).updateExpression("SET cancelledAt = :at")
          .conditionExpression("attribute_exists(PK) AND attribute_not_exists(cancelledAt)")
          .expressionAttributeValues(Map.of(":at", s(format(at)))));
      return true;
    } catch (ConditionalCheckFailedException alreadyOrUnknown) {
      return false;
    }
  }

  private static Backfill read(Map<String, AttributeValue> i) {
    return new Backfill(str(i, "id"), str(i, "workflowName"), str(i, "snapshotHash"), parse(str(i, "from")),
        parse(str(i, "to")), num(i, "maxActive"), num(i, "slots"), str(i, "triggeredBy"), parse(str(i, "createdAt")),
        parse(str(i, "cancelledAt")));
  }
}
