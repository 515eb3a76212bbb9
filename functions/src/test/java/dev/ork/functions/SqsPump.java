package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What a Lambda SQS event source mapping does, in a test thread: long-polls the queue, builds a real
 * {@link SQSEvent} from up to 10 messages, invokes the handler, deletes what it acknowledged and
 * leaves the reported batch item failures to come back after the visibility timeout. With
 * {@code chaos} on, every batch is shuffled and every message is delivered a second time in a later
 * event (SQS's at-least-once and out-of-order delivery, made systematic).
 */
final class SqsPump implements AutoCloseable {
  private final SqsClient sqs;
  private final String queueUrl;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Random random = new Random(42);
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  volatile boolean chaos;
  /**
   * Long-poll wait (system property {@code ork.pump.waitSeconds}, default 0: short polls with a 10 ms
   * pause). Measured here: 1 s long polls on ElasticMQ gave a hand-off p50 of about 1 s, short polls
   * about 0.45 s, so ElasticMQ's long poll does not return promptly on a new message.
   */
  static final int WAIT_SECONDS = Integer.getInteger("ork.pump.waitSeconds", 0);

  SqsPump(String name, SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.handler = handler;
    this.thread = Thread.ofPlatform().daemon().name("pump-" + name).start(this::loop);
  }

  private void loop() {
    var held = new ArrayList<SQSEvent.SQSMessage>();
    while (running.get()) {
      try {
        var messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(WAIT_SECONDS)
            .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (!running.get()) return;
        if (messages.isEmpty()) {
          if (WAIT_SECONDS == 0) Thread.sleep(10);
          if (!held.isEmpty()) { // the duplicates, now that the originals were handled
            deliver(new ArrayList<>(held), false);
            held.clear();
          }
          continue;
        }
        var batch = new ArrayList<>(messages.stream().map(SqsPump::toEvent).toList());
        if (chaos) Collections.shuffle(batch, random);
        var failed = deliver(batch, true);
        var ack = messages.stream().filter(m -> !failed.contains(m.messageId())).toList();
        if (chaos) {
          held.addAll(batch);
          Collections.shuffle(held, random);
        }
        if (!ack.isEmpty()) {
          sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(ack.stream().map(m ->
              DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (running.get()) {
          System.err.println("pump error on " + queueUrl + ": " + e);
        }
      }
    }
  }

  private java.util.Set<String> deliver(List<SQSEvent.SQSMessage> records, boolean count) {
    var event = new SQSEvent();
    event.setRecords(records);
    var response = handler.handleRequest(event, null);
    if (count) delivered.addAndGet(records.size());
    var failed = new HashSet<String>();
    if (response != null && response.getBatchItemFailures() != null) {
      response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
    }
    failures.addAndGet(failed.size());
    return failed;
  }

  static SQSEvent.SQSMessage toEvent(Message m) {
    var s = new SQSEvent.SQSMessage();
    s.setMessageId(m.messageId());
    s.setReceiptHandle(m.receiptHandle());
    s.setBody(m.body());
    s.setMd5OfBody(m.md5OfBody());
    s.setEventSource("aws:sqs");
    s.setAwsRegion("us-east-1");
    var attrs = new HashMap<String, String>();
    m.attributes().forEach((k, v) -> attrs.put(k.toString(), v));
    s.setAttributes(attrs);
    var mattrs = new HashMap<String, SQSEvent.MessageAttribute>();
    m.messageAttributes().forEach((k, v) -> {
      var a = new SQSEvent.MessageAttribute();
      a.setDataType(v.dataType());
      a.setStringValue(v.stringValue());
      mattrs.put(k, a);
    });
    s.setMessageAttributes(mattrs);
    return s;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5000);
  }
}
