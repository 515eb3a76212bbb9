package dev.ork.infra.sqs;

/** Some messages could not be sent even after retrying; the message lists which and why. */
public final class SqsSendException extends RuntimeException {
  public SqsSendException(String message) {
    super(message);
  }
}
