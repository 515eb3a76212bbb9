package dev.ork.infra.trackers;

import dev.ork.core.port.JobTracker;
import java.util.List;
import java.util.function.Supplier;

/** What every AWS-service tracker shares: its service type, its required fields, a client made on first use. */
abstract class AwsJobTracker<C> implements JobTracker {
  private final String serviceType;
  private final List<String> requiredFields;
  private final Supplier<C> client;

  AwsJobTracker(String serviceType, List<String> requiredFields, Supplier<C> client) {
    this.serviceType = serviceType;
    this.requiredFields = List.copyOf(requiredFields);
    this.client = Lazy.of(client);
  }

  @Override
  public final String serviceType() {
    return serviceType;
  }

  @Override
  public final List<String> requiredFields() {
    return requiredFields;
  }

  /** The SDK client, built the first time a job of this kind is polled or cancelled. */
  final C client() {
    return client.get();
  }
}
