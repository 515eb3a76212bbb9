package dev.ork.infra.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** An SDK interceptor counting every AWS request by {@code Service.Operation} (retries included). */
public final class RequestCounter implements ExecutionInterceptor {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    var service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    var operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counts.computeIfAbsent(service + "." + operation, k -> new LongAdder()).increment();
  }

  public long count(String serviceDotOperation) {
    var c = counts.get(serviceDotOperation);
    return c == null ? 0 : c.sum();
  }

  /** Total requests to one service (e.g. {@code DynamoDb}, {@code Sqs}). */
  public long total(String service) {
    return counts.entrySet().stream().filter(e -> e.getKey().startsWith(service + "."))
        .mapToLong(e -> e.getValue().sum()).sum();
  }

  public Map<String, Long> snapshot() {
    var out = new TreeMap<String, Long>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public void reset() {
    counts.clear();
  }
}
