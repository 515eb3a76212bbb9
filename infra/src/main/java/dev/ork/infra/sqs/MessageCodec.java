package dev.ork.infra.sqs;

import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.StatusUpdate;
import java.time.Instant;

/**
 * Turns one message type into a versioned JSON envelope and back. See docs/messages.md:
 * {@code {"v":1,"type":"dispatch"|"status", ...fields, "notBefore"?: ISO-8601}}.
 */
public interface MessageCodec<T> {

  /** Current envelope version written by {@link #encode}. */
  int VERSION = 1;

  /** The envelope {@code type} this codec writes and accepts ({@code dispatch}, {@code status}). */
  String type();

  default String encode(T message) {
    return encode(message, null);
  }

  /** Encodes with a due time ({@code notBefore}); null means "due on arrival". */
  String encode(T message, Instant notBefore);

  /** Decodes a body, rejecting unknown versions, other types and missing or ill-typed fields. */
  Envelope<T> decode(String body) throws MessageDecodeException;

  static MessageCodec<DispatchMessage> dispatch() {
    return MessageCodecs.DISPATCH;
  }

  static MessageCodec<StatusUpdate> status() {
    return MessageCodecs.STATUS;
  }
}
