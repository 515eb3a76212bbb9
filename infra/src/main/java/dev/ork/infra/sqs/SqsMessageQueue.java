package dev.ork.infra.sqs;

import dev.ork.core.port.Clock;
import dev.ork.core.port.MessageQueue;
import dev.ork.infra.store.BatchHold;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A {@link MessageQueue} on an SQS standard queue. Bodies are versioned JSON envelopes written by a
 * {@link MessageCodec}. {@link #sendAll} uses SendMessageBatch (at most 10 entries and 256 KiB per
 * request) and retries failed entries. Delays over SQS's 15 minutes are sent as 900 s hops carrying
 * the due time ({@code notBefore}); a consumer that receives such a message early calls
 * {@link #redeliver} (done by {@link SqsBatchProcessor}).
 */
public final class SqsMessageQueue<T> implements MessageQueue<T> {

  /** SQS's longest per-message delay: 15 minutes. */
  public static final int MAX_DELAY_SECONDS = 900;
  /** Default size limit per message and per batch: 256 KiB (the classic SQS limit). */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
  /** SendMessageBatch takes at most 10 entries. */
  public static final int MAX_BATCH_ENTRIES = 10;

  private static final int SEND_ATTEMPTS = 3;

  private final SqsClient sqs;
  private final String queueUrl;
  private final MessageCodec<T> codec;
  private final Clock clock;
  private final int maxMessageBytes;

  public SqsMessageQueue(SqsClient sqs, String queueUrl, MessageCodec<T> codec) {
    this(sqs, queueUrl, codec, Clock.system(), DEFAULT_MAX_MESSAGE_BYTES);
  }

  public SqsMessageQueue(SqsClient sqs, String queueUrl, MessageCodec<T> codec, Clock clock, int maxMessageBytes) {
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxMessageBytes <= 0) throw new IllegalArgumentException("maxMessageBytes must be positive");
    this.maxMessageBytes = maxMessageBytes;
  }

  public String queueUrl() {
    return queueUrl;
  }

  public MessageCodec<T> codec() {
    return codec;
  }

  @Override
  public void send(T message) {
    sendBody(checkedBody(codec.encode(message)), 0);
  }

  @Override
  public void sendAll(List<T> messages) {
    var bodies = new ArrayList<Body>(messages.size());
    for (T m : messages) bodies.add(new Body(checkedBody(codec.encode(m)), 0)); // refuse before sending any
    sendInBatches(bodies);
  }

  /** A message body and its SQS delay. */
  private record Body(String text, int delaySeconds) {}

  /** Delayed sends held back by {@link #holdingDelayed}, per thread; null outside it. */
  private final BatchHold<List<Body>> held = new BatchHold<>();

  /**
   * Runs {@code work}, holding back the delayed sends this thread makes meanwhile, and sends them after
   * it (also when it throws) with SendMessageBatch, 10 per request, each with its own delay. A handler
   * wraps its batch in this: the deadline messages of the attempts it claimed then cost one request per
   * 10 instead of one each, and (sent together with one delay) arrive together in one receive. If the
   * process dies before the end, the held messages are lost; for deadline messages the tick's slow
   * sweep is the backstop (docs/architecture.md).
   */
  public <R> R holdingDelayed(java.util.function.Supplier<R> work) {
    return held.around(ArrayList::new, work, bodies -> {
      if (!bodies.isEmpty()) sendInBatches(bodies);
    });
  }

  private void sendInBatches(List<Body> bodies) {
    var batch = new ArrayList<Body>(MAX_BATCH_ENTRIES);
    int batchBytes = 0;
    for (Body body : bodies) {
      int size = utf8Length(body.text());
      if (!batch.isEmpty() && (batch.size() == MAX_BATCH_ENTRIES || batchBytes + size > maxMessageBytes)) {
        sendBatch(batch);
        batch = new ArrayList<>(MAX_BATCH_ENTRIES);
        batchBytes = 0;
      }
      batch.add(body);
      batchBytes += size;
    }
    if (!batch.isEmpty()) sendBatch(batch);
  }

  @Override
  public void sendAfter(T message, Duration delay) {
    if (delay == null || delay.isNegative() || delay.isZero()) {
      send(message);
    } else {
      sendDueAt(message, clock.now().plus(delay));
    }
  }

  /**
   * Sends {@code message} so it is delivered no earlier than {@code due}: one SQS delay of up to
   * 900 s, and, when the due time is further away, the due time in the envelope for the next hop.
   */
  public void sendDueAt(T message, Instant due) {
    Duration remaining = Duration.between(clock.now(), due);
    if (remaining.isNegative() || remaining.isZero()) {
      send(message);
      return;
    }
    long seconds = ceilSeconds(remaining);
    var body = seconds <= MAX_DELAY_SECONDS ? new Body(checkedBody(codec.encode(message)), (int) seconds)
        : new Body(checkedBody(codec.encode(message, due)), MAX_DELAY_SECONDS);
    var holding = held.current();
    if (holding != null) {
      holding.add(body);
    } else {
      sendBody(body.text(), body.delaySeconds());
    }
  }

  /**
   * Sends each message so it is delivered no earlier than its due time (as {@link #sendDueAt}), together
   * with SendMessageBatch, now: not held back by {@link #holdingDelayed}, so when this returns they were sent.
   */
  public void sendAllDueAt(java.util.Map<T, Instant> due) {
    var bodies = new ArrayList<Body>(due.size());
    var now = clock.now();
    due.forEach((message, at) -> {
      long seconds = Math.max(0, ceilSeconds(Duration.between(now, at)));
      bodies.add(seconds <= MAX_DELAY_SECONDS ? new Body(checkedBody(codec.encode(message)), (int) seconds)
          : new Body(checkedBody(codec.encode(message, at)), MAX_DELAY_SECONDS));
    });
    if (!bodies.isEmpty()) sendInBatches(bodies);
  }

  /** Re-sends a message that arrived before its {@code notBefore}, with the remaining delay. */
  public void redeliver(Envelope<T> early) {
    if (early.notBefore() == null) {
      send(early.message());
    } else {
      sendDueAt(early.message(), early.notBefore());
    }
  }

  private void sendBody(String body, int delaySeconds) {
    sqs.sendMessage(b -> {
      b.queueUrl(queueUrl).messageBody(body);
      if (delaySeconds > 0) b.delaySeconds(delaySeconds);
    });
  }

  private void sendBatch(List<Body> bodies) {
    var pending = new ArrayList<SendMessageBatchRequestEntry>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      var entry = SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i).text());
      if (bodies.get(i).delaySeconds() > 0) entry.delaySeconds(bodies.get(i).delaySeconds());
      pending.add(entry.build());
    }
    List<BatchResultErrorEntry> failed = List.of();
    for (int attempt = 1; attempt <= SEND_ATTEMPTS && !pending.isEmpty(); attempt++) {
      if (attempt > 1) pause(50L << attempt);
      var toSend = pending;
      var response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(toSend));
      failed = response.failed();
      if (failed.isEmpty()) return;
      var senderFaults = failed.stream().filter(f -> Boolean.TRUE.equals(f.senderFault())).toList();
      if (!senderFaults.isEmpty()) {
        throw new SqsSendException("SQS refused " + senderFaults.size() + " message(s) on " + queueUrl + ": "
            + describe(senderFaults));
      }
      var failedIds = failed.stream().map(BatchResultErrorEntry::id).toList();
      pending = new ArrayList<>(toSend.stream().filter(e -> failedIds.contains(e.id())).toList());
    }
    throw new SqsSendException("SQS failed to accept " + failed.size() + " message(s) on " + queueUrl + " after "
        + SEND_ATTEMPTS + " attempts: " + describe(failed));
  }

  private static String describe(List<BatchResultErrorEntry> failures) {
    return failures.stream().map(f -> "entry " + f.id() + ": " + f.code() + " " + f.message()).toList().toString();
  }

  private String checkedBody(String body) {
    int size = utf8Length(body);
    if (size > maxMessageBytes) throw new MessageTooLargeException("a " + codec.type() + " message", size, maxMessageBytes);
    return body;
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  static long ceilSeconds(Duration d) {
    long s = d.getSeconds();
    return d.getNano() > 0 ? s + 1 : s;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqsSendException("interrupted while retrying a batch send");
    }
  }
}
