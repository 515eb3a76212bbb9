package dev.ork.infra.store;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a handler batch holds back on its thread until the batch ends (run counts, deadline timers,
 * delayed sends). The outermost {@link #around} opens it and, when the work ends (also when it throws),
 * hands it to {@code flush} after it stopped being current; a nested call joins the outer one.
 */
public final class BatchHold<T> {
  private final ThreadLocal<T> current = new ThreadLocal<>();

  /** What the batch on this thread holds; null outside one. */
  public T current() {
    return current.get();
  }

  /** Runs {@code work} holding {@code open}'s value (unless a batch is already open here), then flushes it. */
  public <R> R around(Supplier<T> open, Supplier<R> work, Consumer<T> flush) {
    if (current.get() != null) return work.get(); // nested: the outer call flushes
    T held = open.get();
    current.set(held);
    try {
      return work.get();
    } finally {
      current.remove();
      flush.accept(held);
    }
  }
}
