package dev.ork.infra.sqs;

/**
 * Thrown by a message handler when processing may succeed if tried again later (a store or service
 * temporarily unavailable, a throttled request). {@link SqsBatchProcessor} reports the message as a
 * batch item failure, so SQS redelivers it and, after the queue's maxReceiveCount, moves it to the DLQ.
 * Any other RuntimeException is treated as permanent: logged and acknowledged.
 */
public class TransientException extends RuntimeException {
  public TransientException(String message) {
    super(message);
  }

  public TransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
