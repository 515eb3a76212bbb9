package dev.ork.functions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** An SDK interceptor recording each request's {@code Service.Operation}, thread and wire time (nanoTime). */
final class RequestTimer implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> SENT = new ExecutionAttribute<>("ork.sentNanos");
  static volatile boolean keys = Boolean.getBoolean("probe.keys");

  /** One request: sent before transmission, answered after the response arrived. */
  record Timed(String operation, String thread, long sentNanos, long answeredNanos) {
    double ms() {
      return (answeredNanos - sentNanos) / 1e6;
    }
  }

  final List<Timed> requests = new CopyOnWriteArrayList<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    attributes.putAttribute(SENT, System.nanoTime());
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    var sent = attributes.getAttribute(SENT);
    if (sent == null) return;
    var detail = "";
    if (keys) {
      var r = context.request();
      if (r instanceof software.amazon.awssdk.services.dynamodb.model.GetItemRequest g) detail = " " + sk(g.key());
      if (r instanceof software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest u) detail = " " + sk(u.key());
      if (r instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest t) detail = " x" + t.transactItems().size();
    }
    requests.add(new Timed(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + detail, Thread.currentThread().getName(), sent,
        System.nanoTime()));
  }

  private static String sk(java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key) {
    var pk = key.get("PK").s();
    var sk = key.get("SK").s();
    return pk.replaceAll("#.*", "#") + "/" + sk.replaceAll("#.*", "#");
  }
}
