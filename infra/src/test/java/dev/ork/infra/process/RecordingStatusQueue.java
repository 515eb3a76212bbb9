package dev.ork.infra.process;

import dev.ork.core.port.MessageQueue;
import dev.ork.core.run.StatusUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test double: records every update and lets a test wait for the next one. */
final class RecordingStatusQueue implements MessageQueue<StatusUpdate> {
  private final LinkedBlockingQueue<StatusUpdate> pending = new LinkedBlockingQueue<>();
  private final List<StatusUpdate> all = new ArrayList<>();

  @Override
  public void send(StatusUpdate message) {
    synchronized (all) {
      all.add(message);
    }
    pending.add(message);
  }

  @Override
  public void sendAfter(StatusUpdate message, Duration delay) {
    send(message);
  }

  StatusUpdate next(Duration timeout) throws InterruptedException {
    StatusUpdate u = pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (u == null) {
      throw new AssertionError("no status update within " + timeout);
    }
    return u;
  }

  StatusUpdate next() throws InterruptedException {
    return next(Duration.ofSeconds(20));
  }

  List<StatusUpdate> all() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }
}
