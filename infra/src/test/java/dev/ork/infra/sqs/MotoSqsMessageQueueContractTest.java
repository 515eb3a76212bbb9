package dev.ork.infra.sqs;

import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.MessageQueueContract;
import dev.ork.infra.aws.MotoServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The MessageQueue contract against SqsMessageQueue on moto server (ElasticMQ: SqsMessageQueueContractTest). */
class MotoSqsMessageQueueContractTest extends MessageQueueContract {

  private static SqsClient sqs;

  @BeforeAll
  static void connect() {
    sqs = MotoServer.sqs("MotoSqsMessageQueueContractTest");
  }

  @Override
  protected <T> MessageQueue<T> queue(Class<T> type) {
    return SqsMessageQueueContractTest.sqsQueue(sqs, type, ElasticMq.uniqueName("moto-contract"));
  }

  @Override
  protected <T> List<T> receiveAll(MessageQueue<T> queue, Duration wait) {
    return SqsMessageQueueContractTest.receiveAndDelete(sqs, queue, wait);
  }

  @Override
  protected String backend() {
    return "SqsMessageQueue on moto server";
  }
}
