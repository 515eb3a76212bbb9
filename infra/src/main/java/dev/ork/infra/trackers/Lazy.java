package dev.ork.infra.trackers;

import java.util.function.Supplier;

/**
 * A client built on first use: a function that only validates hand-overs (and never polls) pays no
 * client construction at cold start.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  private Lazy(Supplier<T> factory) {
    this.factory = factory;
  }

  public static <T> Lazy<T> of(Supplier<T> factory) {
    return factory instanceof Lazy<T> l ? l : new Lazy<>(factory);
  }

  @Override
  public T get() {
    var v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = factory.get();
          value = v;
        }
      }
    }
    return v;
  }
}
