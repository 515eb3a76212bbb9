package dev.ork.infra.sqs;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

final class SqsTestSupport {
  private SqsTestSupport() {}

  /** One ReceiveMessage (long poll up to waitSeconds) of up to 10 messages, with all attributes. */
  static List<Message> receive(SqsClient sqs, String url, int waitSeconds) {
    return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
        .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
  }

  /** Receives what is there now (long-polling up to waitSeconds for the first), deleting every message. */
  static List<Message> drain(SqsClient sqs, String url, int waitSeconds) {
    var out = new ArrayList<Message>();
    var batch = receive(sqs, url, waitSeconds);
    while (!batch.isEmpty()) {
      out.addAll(batch);
      var got = batch;
      sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(
          java.util.stream.IntStream.range(0, got.size()).mapToObj(i -> software.amazon.awssdk.services.sqs.model
              .DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(got.get(i).receiptHandle()).build())
              .toList()));
      if (batch.size() < 10) break;
      batch = receive(sqs, url, 0);
    }
    return out;
  }

  static SqsRecord toRecord(Message m) {
    var attrs = new java.util.HashMap<String, String>();
    m.messageAttributes().forEach((k, v) -> attrs.put(k, v.stringValue()));
    String count = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    return new SqsRecord(m.messageId(), m.body(), attrs, count == null ? 1 : Integer.parseInt(count));
  }
}
