package dev.ork.infra.sqs;

import java.util.Map;

/**
 * One received SQS message, independent of aws-lambda-java-events: a Lambda handler maps each
 * {@code SQSEvent.SQSMessage} to one (messageId, body, message attributes as strings,
 * ApproximateReceiveCount).
 */
public record SqsRecord(String messageId, String body, Map<String, String> attributes, int receiveCount) {
  public SqsRecord {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
