package dev.ork.infra.sqs;

/** A message whose encoded body exceeds the queue's size limit; it was not sent. */
public final class MessageTooLargeException extends IllegalArgumentException {
  private final int bytes;
  private final int limit;

  public MessageTooLargeException(String what, int bytes, int limit) {
    super(what + " is " + bytes + " bytes encoded, over the SQS message limit of " + limit
        + " bytes; it was not sent (keep task outputs small or store large values elsewhere)");
    this.bytes = bytes;
    this.limit = limit;
  }

  public int bytes() {
    return bytes;
  }

  public int limit() {
    return limit;
  }
}
