package dev.ork.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import dev.ork.infra.aws.CapacityUnits;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * DynamoDB capacity units as the table reports them ({@link CapacityUnits}), summed and split into base
 * table and GSIs, by operation and by kind of write. A write refused by its condition returns no figure;
 * it is charged 1 WRU per item (what DynamoDB bills), recorded as {@code estimated}.
 */
final class CapacityMeter implements ExecutionInterceptor {
  final DoubleAdder tableWrite = new DoubleAdder(), gsiWrite = new DoubleAdder(), read = new DoubleAdder();
  final DoubleAdder estimatedWrite = new DoubleAdder();
  final Map<String, DoubleAdder> writeByOp = new ConcurrentHashMap<>();
  /** Per kind of write ({@link #kind}): base-table and GSI units. */
  final Map<String, DoubleAdder> tableByKind = new ConcurrentHashMap<>(), gsiByKind = new ConcurrentHashMap<>();

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest ctx, ExecutionAttributes attrs) {
    return CapacityUnits.withIndexes(ctx.request());
  }

  @Override
  public void afterExecution(Context.AfterExecution ctx, ExecutionAttributes attrs) {
    var u = CapacityUnits.of(ctx.response());
    read.add(u.read());
    if (u.write() == 0) return;
    tableWrite.add(u.tableWrite());
    gsiWrite.add(u.indexWrite());
    writeByOp.computeIfAbsent(operation(ctx.request()), k -> new DoubleAdder()).add(u.write());
    var kind = kind(ctx.request());
    tableByKind.computeIfAbsent(kind, k -> new DoubleAdder()).add(u.tableWrite());
    gsiByKind.computeIfAbsent(kind, k -> new DoubleAdder()).add(u.indexWrite());
  }

  /** The operation name; the run-usage ADD (cost per run's own write) is told apart from other updates. */
  static String operation(SdkRequest request) {
    var op = request.getClass().getSimpleName().replace("Request", "");
    return isRunUsage(request) ? op + "(run usage)" : op;
  }

  private static boolean isRunUsage(SdkRequest request) {
    return request instanceof UpdateItemRequest u && u.updateExpression() != null
        && u.updateExpression().startsWith("ADD usageWru");
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
      case UpdateItemRequest r when isRunUsage(r) -> "run usage ADD (cost per run)";
      case UpdateItemRequest r -> {
        var item = prefix(r.key().get("PK")).equals("RUN") && prefix(r.key().get("SK")).equals("TASK") ? "task"
            : prefix(r.key().get("PK")).equals("RUN") ? "run" : prefix(r.key().get("PK"));
        var m = SETS_STATUS.matcher(r.updateExpression());
        if (m.find()) yield item + " -> " + r.expressionAttributeValues().get(m.group(1)).s();
        if (r.updateExpression().contains("#tasksTerminal") && r.updateExpression().contains("#usageWru")) {
          yield item + " counters + usage ADD (cost per run riding)" + (r.updateExpression().contains("#watchdogAt") ? " + watchdog SET" : "");
        }
        if (r.updateExpression().contains("#tasksTerminal")) {
          yield item + " counters ADD" + (r.updateExpression().contains("#watchdogAt") ? " + watchdog SET" : "");
        }
        if (r.updateExpression().contains("#watchdogAt")) {
          yield item + " watchdog SET" + (r.updateExpression().contains("#usageWru") ? " + usage ADD (cost per run riding)" : "");
        }
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
    double items = CapacityUnits.refusedWriteUnits(ctx.request(), ctx.exception());
    if (items > 0) {
      tableWrite.add(items);
      estimatedWrite.add(items);
      writeByOp.computeIfAbsent(operation(ctx.request()) + "(refused)", k -> new DoubleAdder()).add(items);
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
}
