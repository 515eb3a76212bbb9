package dev.ork.infra.sqs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records every SDK request object, to assert on what was sent. */
final class CapturingInterceptor implements ExecutionInterceptor {
  final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    requests.add(context.request());
  }

  <R> List<R> of(Class<R> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
