package dev.ork.infra.local;

import dev.ork.core.port.MessageQueue;
import java.time.Duration;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The local runtime's queue: in memory, with delayed delivery, FIFO among messages due together. */
public final class InProcessQueue<T> implements MessageQueue<T> {

  private final DelayQueue<Entry<T>> queue = new DelayQueue<>();
  private final AtomicLong sequence = new AtomicLong();

  @Override
  public void send(T message) {
    sendAfter(message, Duration.ZERO);
  }

  @Override
  public void sendAfter(T message, Duration delay) {
    long due = System.nanoTime() + Math.max(0, delay.toNanos());
    queue.put(new Entry<>(message, due, sequence.incrementAndGet()));
  }

  /** Waits up to {@code timeout} for a due message; null when none came. */
  public T poll(Duration timeout) throws InterruptedException {
    var e = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return e == null ? null : e.message;
  }

  /** Moves up to {@code max} messages already due into {@code into}, without waiting. */
  public void drainDue(java.util.List<T> into, int max) {
    Entry<T> e;
    for (int moved = 0; moved < max && (e = queue.poll()) != null; moved++) into.add(e.message);
  }

  /** Messages waiting, due or not. */
  public int size() {
    return queue.size();
  }

  private record Entry<T>(T message, long dueNanos, long seq) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      var other = (Entry<?>) o;
      int c = Long.compare(dueNanos, other.dueNanos);
      return c != 0 ? c : Long.compare(seq, other.seq);
    }
  }
}
