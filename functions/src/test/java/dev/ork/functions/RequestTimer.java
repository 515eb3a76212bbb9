package dev.ork.functions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * An SDK interceptor recording each request's {@code Service.Operation} (DynamoDB: with the item kind, e.g.
 * {@code GetItem RUN#/META}), thread and wire time (nanoTime, transmission to response headers).
 */
public final class RequestTimer implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> SENT = new ExecutionAttribute<>("ork.sentNanos");

  /** One request: sent before transmission, answered after the response arrived. */
  public record Timed(String operation, String thread, long sentNanos, long answeredNanos) {
    public double ms() {
      return (answeredNanos - sentNanos) / 1e6;
    }
  }

  public final List<Timed> requests = new CopyOnWriteArrayList<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    attributes.putAttribute(SENT, System.nanoTime());
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    var sent = attributes.getAttribute(SENT);
    if (sent == null) return;
    var detail = "";
    var r = context.request();
    if (r instanceof GetItemRequest g) detail = " " + item(g.key());
    if (r instanceof UpdateItemRequest u) detail = " " + item(u.key());
    if (r instanceof TransactWriteItemsRequest t) detail = " x" + t.transactItems().size();
    requests.add(new Timed(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + detail, Thread.currentThread().getName(), sent,
        System.nanoTime()));
  }

  /** {@code RUN#/TASK#}: the key's item kind, without ids. */
  private static String item(Map<String, AttributeValue> key) {
    var pk = key.get("PK");
    var sk = key.get("SK");
    if (pk == null || sk == null) return "";
    return pk.s().replaceAll("#.*", "#") + "/" + sk.s().replaceAll("#.*", "#");
  }
}
