package dev.ork.core.port;

import java.util.Map;
import java.util.Optional;

/** The executors a wiring offers, by kind ({@code process}, {@code python}, {@code lambda}, {@code ecs}). */
public final class ExecutorRegistry {
  private final Map<String, TaskExecutor> byKind;

  public ExecutorRegistry(Map<String, TaskExecutor> byKind) {
    this.byKind = Map.copyOf(byKind);
  }

  public Optional<TaskExecutor> forKind(String kind) {
    return Optional.ofNullable(byKind.get(kind));
  }

  public java.util.Set<String> kinds() {
    return byKind.keySet();
  }
}
