package dev.ork.core.port;

import java.time.Duration;
import java.util.List;

/**
 * A queue that delivers at least once and possibly out of order. Consumers must be idempotent.
 * Delays may be capped by the implementation (SQS: 15 minutes); consumers re-send what arrives early.
 */
public interface MessageQueue<T> {

  void send(T message);

  /** Sends many at once; adapters batch them (SQS: 10 per request). */
  default void sendAll(List<T> messages) {
    messages.forEach(this::send);
  }

  void sendAfter(T message, Duration delay);
}
