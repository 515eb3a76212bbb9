package dev.ork.infra.sqs;

/** A queue message body that is not a valid Ork message envelope; the message says what is wrong. */
public final class MessageDecodeException extends RuntimeException {
  public MessageDecodeException(String message) {
    super(message);
  }

  public MessageDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
