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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What a Lambda SQS event source mapping does, in test threads: several pollers long-poll the queue,
 * each builds a real {@link SQSEvent} from up to 10 messages, invokes the handler, deletes what it
 * acknowledged and leaves the reported batch item failures to come back after the visibility timeout.
 * Like the mapping's pollers, one poller's handler and delete do not hold up the next message: another
 * poller is already waiting for it. With {@code chaos} on, every batch is shuffled, carries one of its
 * messages twice, and every message is delivered a second time in a later event, once its original was
 * handled (SQS's at-least-once and out-of-order delivery, made systematic).
 */
public final class SqsPump implements AutoCloseable {
  /** Long-poll wait of each receive (property {@code ork.pump.waitSeconds}; Lambda uses 20, 0 = short polls). */
  public static final int WAIT_SECONDS = Integer.getInteger("ork.pump.waitSeconds", 1);
  /** Concurrent pollers (property {@code ork.pump.pollers}); a mapping on a standard queue starts with 5. */
  public static final int POLLERS = Integer.getInteger("ork.pump.pollers", 5);
  private static final long REDELIVER_EVERY_MS = 20;

  /** One delivered batch's timeline (nanoTime), for hand-off breakdowns. */
  public record Batch(List<String> bodies, long pollStartNanos, long receivedNanos, long handledNanos, long deletedNanos) {}

  private final SqsClient sqs;
  private final String queueUrl;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final int waitSeconds;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Random random = new Random(42);
  private final List<SQSEvent.SQSMessage> held = new ArrayList<>();
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  public final List<Batch> batches = new CopyOnWriteArrayList<>();
  volatile boolean chaos;
  /** The Lambda context each invocation gets (null: none, as before contexts mattered). */
  volatile com.amazonaws.services.lambda.runtime.Context context;

  public SqsPump(String name, SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
    this(name, sqs, queueUrl, handler, POLLERS, WAIT_SECONDS);
  }

  /** {@code pollers} 1 with {@code waitSeconds} 0 is the old single short-polling pump (10 ms pause when empty). */
  public SqsPump(String name, SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler,
      int pollers, int waitSeconds) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.handler = handler;
    this.waitSeconds = waitSeconds;
    for (int i = 0; i < pollers; i++) {
      threads.add(Thread.ofPlatform().daemon().name("pump-" + name + "-" + i).start(this::poll));
    }
    threads.add(Thread.ofPlatform().daemon().name("pump-" + name + "-redeliver").start(this::redeliver));
  }

  private void poll() {
    while (running.get()) {
      try {
        long pollStart = System.nanoTime();
        var messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
            .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (!running.get()) return;
        if (messages.isEmpty()) {
          if (waitSeconds == 0) Thread.sleep(10);
          continue;
        }
        long received = System.nanoTime();
        var batch = new ArrayList<>(messages.stream().map(SqsPump::toEvent).toList());
        if (chaos) synchronized (random) {
          Collections.shuffle(batch, random);
          // a second send of the same body (a destination delivered twice) in the same batch as the first
          batch.add(random.nextInt(batch.size() + 1), duplicateOf(batch.get(0)));
        }
        var failed = deliver(batch, true);
        long handled = System.nanoTime();
        if (chaos) synchronized (held) { held.addAll(batch); }
        var ack = messages.stream().filter(m -> !failed.contains(m.messageId())).toList();
        if (!ack.isEmpty()) {
          sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(ack.stream().map(m ->
              DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
        }
        batches.add(new Batch(messages.stream().map(Message::body).toList(), pollStart, received, handled, System.nanoTime()));
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (running.get()) System.err.println("pump error on " + queueUrl + ": " + e);
      }
    }
  }

  /** Chaos only: delivers the held duplicates (their originals were handled) as events of their own. */
  private void redeliver() {
    while (running.get()) {
      try {
        Thread.sleep(REDELIVER_EVERY_MS);
        List<SQSEvent.SQSMessage> again;
        synchronized (held) {
          if (held.isEmpty()) continue;
          again = new ArrayList<>(held);
          held.clear();
        }
        synchronized (random) { Collections.shuffle(again, random); }
        deliver(again, false);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (running.get()) System.err.println("pump redelivery error on " + queueUrl + ": " + e);
      }
    }
  }

  private Set<String> deliver(List<SQSEvent.SQSMessage> records, boolean count) {
    var event = new SQSEvent();
    event.setRecords(records);
    var response = handler.handleRequest(event, context);
    if (count) delivered.addAndGet(records.size());
    var failed = new HashSet<String>();
    if (response != null && response.getBatchItemFailures() != null) {
      response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
    }
    failures.addAndGet(failed.size());
    return failed;
  }

  /** The same body as another message of its own (id and receipt handle suffixed {@code -dup}). */
  static SQSEvent.SQSMessage duplicateOf(SQSEvent.SQSMessage m) {
    var s = new SQSEvent.SQSMessage();
    s.setMessageId(m.getMessageId() + "-dup");
    s.setReceiptHandle(m.getReceiptHandle() + "-dup");
    s.setBody(m.getBody());
    s.setMd5OfBody(m.getMd5OfBody());
    s.setEventSource(m.getEventSource());
    s.setAwsRegion(m.getAwsRegion());
    s.setAttributes(m.getAttributes());
    s.setMessageAttributes(m.getMessageAttributes());
    return s;
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
    long deadline = System.nanoTime() + (waitSeconds + 5) * 1_000_000_000L;
    for (var t : threads) t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
  }
}
