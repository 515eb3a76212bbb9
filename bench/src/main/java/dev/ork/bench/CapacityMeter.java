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

/**
 * DynamoDB capacity units as the table reports them ({@link CapacityUnits}), summed and split into base
 * table and GSIs, with the write units by operation. A write refused by its condition returns no figure;
 * it is charged 1 WRU per item (what DynamoDB bills), recorded as {@code estimated}.
 */
final class CapacityMeter implements ExecutionInterceptor {
  final DoubleAdder tableWrite = new DoubleAdder(), gsiWrite = new DoubleAdder(), read = new DoubleAdder();
  final DoubleAdder estimatedWrite = new DoubleAdder();
  final Map<String, DoubleAdder> writeByOp = new ConcurrentHashMap<>();

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest ctx, ExecutionAttributes attrs) {
    return CapacityUnits.withIndexes(ctx.request());
  }

  @Override
  public void afterExecution(Context.AfterExecution ctx, ExecutionAttributes attrs) {
    var op = operation(ctx.request());
    var u = CapacityUnits.of(ctx.response());
    read.add(u.read());
    tableWrite.add(u.tableWrite());
    gsiWrite.add(u.indexWrite());
    if (u.write() > 0) writeByOp.computeIfAbsent(op, k -> new DoubleAdder()).add(u.write());
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution ctx, ExecutionAttributes attrs) {
    var op = operation(ctx.request());
    double items = CapacityUnits.refusedWriteUnits(ctx.request(), ctx.exception());
    if (items > 0) {
      tableWrite.add(items);
      estimatedWrite.add(items);
      writeByOp.computeIfAbsent(op + "(refused)", k -> new DoubleAdder()).add(items);
    }
  }

  /** The operation name; the run-usage ADD (cost per run's own write) is told apart from other updates. */
  static String operation(SdkRequest request) {
    var op = request.getClass().getSimpleName().replace("Request", "");
    if (request instanceof software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest u
        && u.updateExpression() != null && u.updateExpression().startsWith("ADD usageWru")) {
      return op + "(run usage)";
    }
    return op;
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
  }
}
