package dev.ork.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * DynamoDB capacity units as the table reports them: asks every request for
 * {@code ReturnConsumedCapacity=INDEXES} and sums what comes back, split into base table and GSIs.
 * A refused request (e.g. a failed condition) returns no figure; it is charged 1 WRU per item written
 * (what DynamoDB bills for a refused conditional write), recorded as {@code estimated}.
 */
final class CapacityMeter implements ExecutionInterceptor {
  final DoubleAdder tableWrite = new DoubleAdder(), gsiWrite = new DoubleAdder(), read = new DoubleAdder();
  final DoubleAdder estimatedWrite = new DoubleAdder();
  final Map<String, DoubleAdder> writeByOp = new ConcurrentHashMap<>();
  /** Per kind of write ({@link #kind}): base-table and GSI units. */
  final Map<String, DoubleAdder> tableByKind = new ConcurrentHashMap<>(), gsiByKind = new ConcurrentHashMap<>();

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest ctx, ExecutionAttributes attrs) {
    var all = ReturnConsumedCapacity.INDEXES;
    return switch (ctx.request()) {
      case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case QueryRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      default -> ctx.request();
    };
  }

  @Override
  public void afterExecution(Context.AfterExecution ctx, ExecutionAttributes attrs) {
    var op = ctx.request().getClass().getSimpleName().replace("Request", "");
    List<ConsumedCapacity> used = switch (ctx.response()) {
      case GetItemResponse r -> one(r.consumedCapacity());
      case QueryResponse r -> one(r.consumedCapacity());
      case BatchGetItemResponse r -> r.consumedCapacity();
      case PutItemResponse r -> one(r.consumedCapacity());
      case UpdateItemResponse r -> one(r.consumedCapacity());
      case DeleteItemResponse r -> one(r.consumedCapacity());
      case BatchWriteItemResponse r -> r.consumedCapacity();
      case TransactWriteItemsResponse r -> r.consumedCapacity();
      default -> List.of();
    };
    boolean isRead = op.startsWith("Get") || op.startsWith("BatchGet") || op.startsWith("Query");
    for (var c : used) {
      if (isRead) {
        read.add(units(c.capacityUnits()));
        continue;
      }
      double table = c.table() != null ? units(c.table().capacityUnits()) : units(c.capacityUnits());
      double gsi = c.globalSecondaryIndexes() == null ? 0
          : c.globalSecondaryIndexes().values().stream().mapToDouble(x -> units(x.capacityUnits())).sum();
      tableWrite.add(table);
      gsiWrite.add(gsi);
      writeByOp.computeIfAbsent(op, k -> new DoubleAdder()).add(table + gsi);
      var kind = kind(ctx.request());
      tableByKind.computeIfAbsent(kind, k -> new DoubleAdder()).add(table);
      gsiByKind.computeIfAbsent(kind, k -> new DoubleAdder()).add(gsi);
    }
  }

  private static final java.util.regex.Pattern SETS_STATUS = java.util.regex.Pattern.compile("#status = (:v\\d+)");

  /**
   * What a write is, from its request: the item (run META, task, pool slots ...) and, for an update,
   * the status it sets or the counters it adds, e.g. {@code task -> DISPATCHED} or {@code run counters ADD}.
   */
  static String kind(SdkRequest request) {
    return switch (request) {
      case BatchWriteItemRequest r -> "items created (BatchWriteItem)";
      case PutItemRequest r -> "put " + prefix(r.item().get("PK")) + " " + prefix(r.item().get("SK"));
      case UpdateItemRequest r -> {
        var item = prefix(r.key().get("PK")).equals("RUN") && prefix(r.key().get("SK")).equals("TASK") ? "task"
            : prefix(r.key().get("PK")).equals("RUN") ? "run" : prefix(r.key().get("PK"));
        var m = SETS_STATUS.matcher(r.updateExpression());
        if (m.find()) yield item + " -> " + r.expressionAttributeValues().get(m.group(1)).s();
        if (r.updateExpression().contains("#tasksTerminal")) yield item + " counters ADD";
        yield item + " " + r.updateExpression().replaceAll("[:#][A-Za-z0-9_]+", "").trim();
      }
      default -> request.getClass().getSimpleName().replace("Request", "");
    };
  }

  private static String prefix(AttributeValue v) {
    if (v == null || v.s() == null) return "?";
    int cut = v.s().indexOf('#');
    return cut < 0 ? v.s() : v.s().substring(0, cut);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution ctx, ExecutionAttributes attrs) {
    var op = ctx.request().getClass().getSimpleName().replace("Request", "");
    double items = switch (ctx.request()) {
      case PutItemRequest r -> 1;
      case UpdateItemRequest r -> 1;
      case DeleteItemRequest r -> 1;
      case TransactWriteItemsRequest r -> 2.0 * r.transactItems().size();
      default -> 0;
    };
    if (items > 0) {
      tableWrite.add(items);
      estimatedWrite.add(items);
      writeByOp.computeIfAbsent(op + "(refused)", k -> new DoubleAdder()).add(items);
      tableByKind.computeIfAbsent(kind(ctx.request()) + " (refused)", k -> new DoubleAdder()).add(items);
    }
  }

  Map<String, Double> writeByOp() {
    var out = new TreeMap<String, Double>();
    writeByOp.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  void reset() {
    tableWrite.reset();
    gsiWrite.reset();
    read.reset();
    estimatedWrite.reset();
    writeByOp.clear();
    tableByKind.clear();
    gsiByKind.clear();
  }

  private static List<ConsumedCapacity> one(ConsumedCapacity c) {
    return c == null ? List.of() : List.of(c);
  }

  private static double units(Double d) {
    return d == null ? 0 : d;
  }
}
