package dev.ork.infra.sqs;

import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.MessageQueueContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The MessageQueue contract against SqsMessageQueue on LocalStack (Testcontainers). Runs only where a
 * Docker engine exists; elsewhere the class is skipped and {@link DockerOrSkip} prints why.
 */
@ExtendWith(DockerOrSkip.class)
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSqsContractTest extends MessageQueueContract {

  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.0.3")).withServices(LocalStackContainer.Service.SQS);

  static SqsClient sqs;

  @BeforeAll
  static void client() {
    sqs = ElasticMq.client(LOCALSTACK.getEndpoint());
  }

  @Override
  protected <T> MessageQueue<T> queue(Class<T> type) {
    return SqsMessageQueueContractTest.sqsQueue(sqs, type, ElasticMq.uniqueName("contract"));
  }

  @Override
  protected <T> List<T> receiveAll(MessageQueue<T> queue, Duration wait) {
    return SqsMessageQueueContractTest.receiveAndDelete(sqs, queue, wait);
  }

  @Override
  protected String backend() {
    return "SqsMessageQueue on LocalStack";
  }
}
