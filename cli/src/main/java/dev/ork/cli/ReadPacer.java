package dev.ork.cli;

/**
 * Paces the live view's full task reads so they take at most 1/{@code share} of the wall time: a read
 * that cost {@code c} makes the next one due {@code (share - 1) * c} later. Small runs refresh on every
 * tick as before; on a 10,000-task run the view refreshes less often instead of holding the store's
 * lock (which the engine needs for every task) a large part of the time.
 */
final class ReadPacer {
  private final int share;
  private boolean readOnce;
  private long nextDueNanos;

  ReadPacer(int share) {
    this.share = share;
  }

  boolean due(long nowNanos) {
    return !readOnce || nowNanos - nextDueNanos >= 0;
  }

  /** Records a read that ran from {@code startNanos} to {@code endNanos}. */
  void read(long startNanos, long endNanos) {
    readOnce = true;
    nextDueNanos = endNanos + (share - 1) * Math.max(0, endNanos - startNanos);
  }
}
