package dev.ork.core.testing;

import dev.ork.core.port.MessageQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A queue whose messages the test delivers by hand: in order, shuffled, or twice. */
public final class RecordingQueue<T> implements MessageQueue<T> {
  public record Pending<T>(T message, Instant due) {}

  private final ManualClock clock;
  private final List<Pending<T>> pending = new ArrayList<>();
  private final List<T> sent = new ArrayList<>();

  public RecordingQueue(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void send(T message) {
    sendAfter(message, Duration.ZERO);
  }

  @Override
  public synchronized void sendAfter(T message, Duration delay) {
    pending.add(new Pending<>(message, clock.now().plus(delay)));
    sent.add(message);
  }

  /** Removes and returns one due message (the oldest, or a random one), or null. */
  public synchronized T takeDue(Random random) {
    var now = clock.now();
    var due = new ArrayList<Integer>();
    for (int i = 0; i < pending.size(); i++) if (!pending.get(i).due().isAfter(now)) due.add(i);
    if (due.isEmpty()) return null;
    int pick = random == null ? due.get(0) : due.get(random.nextInt(due.size()));
    return pending.remove(pick).message();
  }

  /** The earliest due time of a waiting message, or null. */
  public synchronized Instant nextDue() {
    return pending.stream().map(Pending::due).min(Instant::compareTo).orElse(null);
  }

  public synchronized List<T> sent() {
    return List.copyOf(sent);
  }

  public synchronized int waiting() {
    return pending.size();
  }
}
