package dev.ork.infra.sqs;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Creates an SQS standard queue together with its DLQ (RedrivePolicy), idempotently. */
public final class SqsQueues {
  private SqsQueues() {}

  /** URLs and ARNs of a queue and its dead-letter queue. */
  public record QueuePair(String url, String arn, String dlqUrl, String dlqArn, int maxReceiveCount) {}

  /** 14 days, SQS's longest retention: time to inspect and redrive poison messages. */
  public static final int DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

  public static QueuePair create(SqsClient sqs, String name, int maxReceiveCount) {
    return create(sqs, name, maxReceiveCount, Duration.ofSeconds(30));
  }

  /**
   * Creates {@code name-dlq} and {@code name} with a RedrivePolicy moving a message to the DLQ after
   * {@code maxReceiveCount} receives. CreateQueue with the same attributes is idempotent.
   */
  public static QueuePair create(SqsClient sqs, String name, int maxReceiveCount, Duration visibilityTimeout) {
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new IllegalArgumentException("maxReceiveCount must be 1..1000, got " + maxReceiveCount);
    }
    String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq").attributes(Map.of(
        QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(DLQ_RETENTION_SECONDS)))).queueUrl();
    String dlqArn = arnOf(sqs, dlqUrl);
    String redrive = "{\"maxReceiveCount\":\"" + maxReceiveCount + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}";
    String url = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
        QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
        QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
    return new QueuePair(url, arnOf(sqs, url), dlqUrl, dlqArn, maxReceiveCount);
  }

  public static String arnOf(SqsClient sqs, String queueUrl) {
    return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
  }
}
