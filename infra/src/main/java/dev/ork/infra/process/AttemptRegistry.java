package dev.ork.infra.process;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Attempts by key ({@code run:task:attempt}): running ones, and the last 10,000 finished for idempotent launch. */
final class AttemptRegistry {

  private static final int MAX_REMEMBERED_FINISHED = 10_000;

  private final ConcurrentHashMap<String, Attempt> attempts = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> finishedOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger finishedCount = new AtomicInteger();

  /** Registers {@code fresh} unless the key is taken; returns the attempt already there, or null. */
  Attempt putIfAbsent(String key, Attempt fresh) {
    return attempts.putIfAbsent(key, fresh);
  }

  void remove(String key, Attempt attempt) {
    attempts.remove(key, attempt);
  }

  Attempt get(String key) {
    return attempts.get(key);
  }

  Collection<Attempt> all() {
    return attempts.values();
  }

  /** Records a finished attempt; forgets the oldest finished one beyond the limit. */
  void remember(String key) {
    finishedOrder.add(key);
    if (finishedCount.incrementAndGet() > MAX_REMEMBERED_FINISHED) {
      String old = finishedOrder.poll();
      if (old != null) {
        finishedCount.decrementAndGet();
        attempts.computeIfPresent(old, (k, v) -> v.finished.get() ? null : v);
      }
    }
  }
}
