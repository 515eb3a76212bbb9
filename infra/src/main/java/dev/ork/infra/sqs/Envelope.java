package dev.ork.infra.sqs;

import java.time.Instant;

/**
 * A decoded message and its delivery metadata. {@code notBefore} is null unless the message was
 * sent with a delay longer than SQS allows (900 s): then it is the instant the message is due, and
 * a consumer receiving it earlier re-sends it (see {@link SqsMessageQueue#redeliver}).
 */
public record Envelope<T>(T message, Instant notBefore) {

  /** True when the message carries a due time later than {@code now}. */
  public boolean isEarly(Instant now) {
    return notBefore != null && notBefore.isAfter(now);
  }
}
