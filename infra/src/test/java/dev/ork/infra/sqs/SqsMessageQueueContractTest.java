package dev.ork.infra.sqs;

import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.MessageQueueContract;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.StatusUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The MessageQueue contract against SqsMessageQueue on ElasticMQ embedded in this JVM. */
class SqsMessageQueueContractTest extends MessageQueueContract {

  static final SqsClient SQS = ElasticMq.client();

  static <T> MessageQueue<T> sqsQueue(SqsClient sqs, Class<T> type, String name) {
    var pair = SqsQueues.create(sqs, name, 3);
    return new SqsMessageQueue<>(sqs, pair.url(), codecFor(type));
  }

  @SuppressWarnings("unchecked")
  static <T> MessageCodec<T> codecFor(Class<T> type) {
    if (type == DispatchMessage.class) return (MessageCodec<T>) MessageCodec.dispatch();
    if (type == StatusUpdate.class) return (MessageCodec<T>) MessageCodec.status();
    throw new IllegalArgumentException("no codec for " + type);
  }

  static <T> List<T> receiveAndDelete(SqsClient sqs, MessageQueue<T> queue, Duration wait) {
    var q = (SqsMessageQueue<T>) queue;
    var out = new ArrayList<T>();
    int waitSeconds = (int) Math.min(20, Math.max(0, Math.round(wait.toMillis() / 1000.0)));
    for (var m : SqsTestSupport.drain(sqs, q.queueUrl(), waitSeconds)) {
      out.add(q.codec().decode(m.body()).message());
    }
    return out;
  }

  @Override
  protected <T> MessageQueue<T> queue(Class<T> type) {
    return sqsQueue(SQS, type, ElasticMq.uniqueName("contract"));
  }

  @Override
  protected <T> List<T> receiveAll(MessageQueue<T> queue, Duration wait) {
    return receiveAndDelete(SQS, queue, wait);
  }

  @Override
  protected String backend() {
    return "SqsMessageQueue on ElasticMQ";
  }
}
