package dev.ork.infra.sqlite;

import dev.ork.core.run.Run;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The copies {@code runMaybeStale} answers with: the latest read of a run, kept for {@code maxAge} and
 * dropped when this store changes the run's status or owner. Every read refreshes it, so it is never older
 * than what this process last saw (a watcher that saw another process cancel the run, and stopped its
 * tasks, has the status handler see the cancel too). Its counters may lag (the port allows it: DynamoDB answers
 * the same call with an eventually consistent read); a change made by another process shows within
 * {@code maxAge}. Saves the two run reads of each local hop (~0.35 ms each in a short-lived JVM).
 */
final class RecentRuns {
  private static final int MAX_ENTRIES = 1_000;

  private record Copy(Run run, long readAtNanos) {}

  private final Map<String, Copy> copies = new ConcurrentHashMap<>();
  private final AtomicLong forgets = new AtomicLong();
  private final long maxAgeNanos;

  RecentRuns(Duration maxAge) {
    this.maxAgeNanos = maxAge.toNanos();
  }

  Optional<Run> fresh(String runId) {
    var copy = copies.get(runId);
    return copy != null && System.nanoTime() - copy.readAtNanos() < maxAgeNanos ? Optional.of(copy.run()) : Optional.empty();
  }

  /** What to pass to {@link #remember}: taken before the read begins. */
  long beforeRead() {
    return forgets.get();
  }

  /**
   * Remembers {@code run}, read after {@link #beforeRead} returned {@code token}; not when this store
   * changed a run meanwhile (the copy may predate that change).
   */
  void remember(Run run, long token, long readAtNanos) {
    if (forgets.get() != token) return;
    if (copies.size() >= MAX_ENTRIES) {
      long now = System.nanoTime();
      copies.values().removeIf(c -> now - c.readAtNanos() >= maxAgeNanos);
      if (copies.size() >= MAX_ENTRIES) copies.clear();
    }
    var copy = new Copy(run, readAtNanos);
    copies.merge(run.runId(), copy, (old, now) -> now.readAtNanos() - old.readAtNanos() >= 0 ? now : old); // the later read wins
  }

  /** After this store changed the run's status or owner (the write committed). */
  void forget(String runId) {
    forgets.incrementAndGet();
    copies.remove(runId);
  }
}
