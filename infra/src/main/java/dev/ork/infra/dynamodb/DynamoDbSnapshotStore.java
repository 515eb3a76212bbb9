package dev.ork.infra.dynamodb;

import static dev.ork.infra.dynamodb.DynamoDbItems.META;
import static dev.ork.infra.dynamodb.DynamoDbItems.key;
import static dev.ork.infra.dynamodb.DynamoDbItems.s;
import static dev.ork.infra.dynamodb.DynamoDbItems.workflowPk;
import static dev.ork.infra.store.InstantText.format;
import static dev.ork.infra.store.InstantText.parse;

import dev.ork.core.port.SnapshotStore;
import dev.ork.core.port.WorkflowRecord;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.WorkflowJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link SnapshotStore} on the single table: {@code WF#<name>/SNAP#<hash>} holds the snapshot JSON
 * (written once, put-if-absent; one larger than an item is stored gzipped in parts, {@link SnapshotParts}),
 * {@code WF#<name>/META} the workflow pointer and schedule state.
 * Workflows are listed through GSI3 ({@code GSI3PK = WORKFLOWS}), never by a scan.
 */
public final class DynamoDbSnapshotStore implements SnapshotStore {

  private final DynamoDbClient client;
  private final String table;

  public DynamoDbSnapshotStore(DynamoDbClient client, DynamoDbStoreConfig config) {
    this.client = client;
    this.table = config.tableName();
  }

  @Override
  public WorkflowRecord register(CompiledWorkflow workflow, Instant at) {
    var pk = workflowPk(workflow.name());
    var sk = "SNAP#" + workflow.contentHash();
    var json = WorkflowJson.write(workflow);
    Map<String, AttributeValue> snapshot = Map.of("PK", s(pk), "SK", s(sk), "type", s("snapshot"), "json", s(json),
        "createdAt", s(format(at)));
    if (ItemSize.of(snapshot) > ItemTooLargeException.DYNAMODB_ITEM_LIMIT_BYTES) {
      // The other parts first, then the head: a reader that sees the head finds every part.
      var parts = SnapshotParts.split(json);
      for (int i = 1; i < parts.size(); i++) {
        var part = Map.of("PK", s(pk), "SK", s(sk + "#" + i), "type", s("snapshot-part"), "gz", bytes(parts.get(i)));
        client.putItem(b -> b.tableName(table).item(part));
      }
      snapshot = Map.of("PK", s(pk), "SK", s(sk), "type", s("snapshot"), "gz", bytes(parts.getFirst()),
          "parts", DynamoDbItems.n(parts.size()), "createdAt", s(format(at)));
    }
    var head = snapshot;
    try {
      client.putItem(b -> b.tableName(table).item(head).conditionExpression("attribute_not_exists(PK)"));
    } catch (ConditionalCheckFailedException alreadyStored) {
      // content-addressed: the stored snapshot is identical
    }
    var values = new java.util.HashMap<String, AttributeValue>();
    values.put(":hash", s(workflow.contentHash()));
    values.put(":at", s(format(at)));
    values.put(":off", AttributeValue.fromBool(false));
    values.put(":wfs", s("WORKFLOWS"));
    values.put(":name", s(workflow.name()));
    var set = "SET currentHash = :hash, updatedAt = :at, scheduleEnabled = if_not_exists(scheduleEnabled, :off),"
        + " GSI3PK = :wfs, GSISK = :name, workflowName = :name, #type = :type";
    values.put(":type", s("workflow"));
    String update;
    if (workflow.schedule() != null) {
      values.put(":schedule", s(workflow.schedule()));
      update = set + ", schedule = :schedule";
    } else {
      update = set + " REMOVE schedule";
    }
    var item = client.updateItem(b -> b.tableName(table).key(key(workflowPk(workflow.name()), META))
        .updateExpression(update).expressionAttributeNames(Map.of("#type", "type"))
        .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes();
    return record(item);
  }

  @Override
  public Optional<WorkflowRecord> workflow(String name) {
    var item = client.getItem(b -> b.tableName(table).key(key(workflowPk(name), META)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(record(item));
  }

  @Override
  public List<WorkflowRecord> workflows() {
    var keys = new ArrayList<Map<String, AttributeValue>>();
    var request = QueryRequest.builder().tableName(table).indexName(DynamoDbTables.RUNS_BY_TIME)
        .keyConditionExpression("GSI3PK = :pk").expressionAttributeValues(Map.of(":pk", s("WORKFLOWS"))).build();
    for (var page : client.queryPaginator(request)) {
      page.items().forEach(i -> keys.add(key(i.get("PK").s(), META)));
    }
    return DynamoDbBatch.getAll(client, table, keys).stream().map(DynamoDbSnapshotStore::record).toList();
  }

  @Override
  public Optional<CompiledWorkflow> snapshot(String workflowName, String contentHash) {
    var pk = workflowPk(workflowName);
    var sk = "SNAP#" + contentHash;
    var item = client.getItem(b -> b.tableName(table).key(key(pk, sk))).item();
    if (item == null || item.isEmpty()) return Optional.empty();
    if (item.containsKey("json")) return Optional.of(WorkflowJson.read(item.get("json").s()));
    var parts = new ArrayList<byte[]>();
    parts.add(item.get("gz").b().asByteArray());
    int count = Integer.parseInt(item.get("parts").n());
    for (int i = 1; i < count; i++) {
      var partSk = sk + "#" + i;
      var part = client.getItem(b -> b.tableName(table).key(key(pk, partSk)).consistentRead(true)).item();
      if (part == null || !part.containsKey("gz")) {
        throw new IllegalStateException("snapshot " + contentHash + " of workflow " + workflowName + " lacks part " + i);
      }
      parts.add(part.get("gz").b().asByteArray());
    }
    return Optional.of(WorkflowJson.read(SnapshotParts.join(parts)));
  }

  private static AttributeValue bytes(byte[] b) {
    return AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(b));
  }

  @Override
  public boolean setSchedule(String workflowName, boolean enabled, Instant nextFireAt) {
    var values = new java.util.HashMap<String, AttributeValue>();
    values.put(":on", AttributeValue.fromBool(enabled));
    String update = "SET scheduleEnabled = :on";
    if (nextFireAt != null) {
      values.put(":next", s(format(nextFireAt)));
      update += ", nextFireAt = :next";
    } else {
      update += " REMOVE nextFireAt";
    }
    var expression = update;
    try {
      client.updateItem(b -> b.tableName(table).key(key(workflowPk(workflowName), META))
          .updateExpression(expression).conditionExpression("attribute_exists(PK)").expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public boolean advanceSchedule(String workflowName, Instant expectedNextFireAt, Instant nextFireAt) {
    var values = new java.util.HashMap<String, AttributeValue>();
    values.put(":on", AttributeValue.fromBool(true));
    String condition = "attribute_exists(PK) AND scheduleEnabled = :on AND ";
    if (expectedNextFireAt == null) {
      condition += "attribute_not_exists(nextFireAt)";
    } else {
      values.put(":expected", s(format(expectedNextFireAt)));
      condition += "nextFireAt = :expected";
    }
    String update;
    if (nextFireAt == null) {
      update = "REMOVE nextFireAt";
    } else {
      values.put(":next", s(format(nextFireAt)));
      update = "SET nextFireAt = :next";
    }
    var cond = condition;
    try {
      client.updateItem(b -> b.tableName(table).key(key(workflowPk(workflowName), META))
          .updateExpression(update).conditionExpression(cond).expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  private static WorkflowRecord record(Map<String, AttributeValue> i) {
    var enabled = i.get("scheduleEnabled");
    return new WorkflowRecord(DynamoDbItems.str(i, "workflowName"), DynamoDbItems.str(i, "currentHash"),
        DynamoDbItems.str(i, "schedule"), enabled != null && Boolean.TRUE.equals(enabled.bool()),
        parse(DynamoDbItems.str(i, "nextFireAt")), parse(DynamoDbItems.str(i, "updatedAt")));
  }
}
