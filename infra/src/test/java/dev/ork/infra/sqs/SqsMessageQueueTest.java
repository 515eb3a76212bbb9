package dev.ork.infra.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.aws.RequestCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

class SqsMessageQueueTest {

  static final RequestCounter COUNTER = new RequestCounter();
  static final CapturingInterceptor CAPTURE = new CapturingInterceptor();
  static final SqsClient SQS = ElasticMq.client(COUNTER, CAPTURE);

  @BeforeEach
  void reset() {
    COUNTER.reset();
    CAPTURE.requests.clear();
  }

  static SqsMessageQueue<DispatchMessage> dispatchQueue() {
    var pair = SqsQueues.create(SQS, ElasticMq.uniqueName("q"), 3);
    COUNTER.reset();
    CAPTURE.requests.clear();
    return new SqsMessageQueue<>(SQS, pair.url(), MessageCodec.dispatch());
  }

  static SqsMessageQueue<StatusUpdate> statusQueue() {
    var pair = SqsQueues.create(SQS, ElasticMq.uniqueName("q"), 3);
    COUNTER.reset();
    CAPTURE.requests.clear();
    return new SqsMessageQueue<>(SQS, pair.url(), MessageCodec.status());
  }

  static StatusUpdate withOutputOf(int chars, String task) {
    return StatusUpdate.succeeded("r", task, 1, JsonNodeFactory.instance.textNode("x".repeat(chars)), Instant.EPOCH);
  }

  @Test
  void sendAllUsesCeilNOver10BatchRequests() {
    for (int n : new int[] {1, 10, 11, 25}) {
      var q = dispatchQueue();
      q.sendAll(IntStream.range(0, n).mapToObj(i -> new DispatchMessage("r", "t" + i, 1)).toList());
      assertThat(COUNTER.count("Sqs.SendMessageBatch")).as("batches for %d messages", n).isEqualTo((n + 9) / 10);
      assertThat(COUNTER.count("Sqs.SendMessage")).isZero();
      assertThat(SqsTestSupport.drain(SQS, q.queueUrl(), 1)).hasSize(n);
    }
  }

  @Test
  void batchesAlsoStayUnder256KiB() {
    var q = statusQueue();
    // 6 messages of ~100 KB: two fit in 256 KiB, three do not -> 3 batches
    var all = IntStream.range(0, 6).mapToObj(i -> withOutputOf(100_000, "t" + i)).toList();
    q.sendAll(all);
    assertThat(COUNTER.count("Sqs.SendMessageBatch")).isEqualTo(3);
    assertThat(SqsTestSupport.drain(SQS, q.queueUrl(), 1)).hasSize(6);
  }

  @Test
  void oversizeMessageIsRefusedBeforeSending() {
    var q = statusQueue();
    var big = withOutputOf(300_000, "big");
    assertThatThrownBy(() -> q.send(big)).isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("status message").hasMessageContaining("over the SQS message limit of 262144 bytes");
    assertThatThrownBy(() -> q.sendAll(List.of(withOutputOf(10, "small"), big)))
        .isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> q.sendAfter(big, Duration.ofSeconds(5))).isInstanceOf(MessageTooLargeException.class);
    assertThat(COUNTER.total("Sqs")).as("nothing sent: %s", COUNTER.snapshot()).isZero();
  }

  @Test
  void messageJustUnderTheLimitIsSent() {
    var q = statusQueue();
    var probe = MessageCodec.status().encode(withOutputOf(0, "edge")).length();
    q.send(withOutputOf(SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES - probe, "edge"));
    assertThat(SqsTestSupport.drain(SQS, q.queueUrl(), 1)).hasSize(1);
  }

  @Test
  void shortDelaysRoundUpToWholeSeconds() {
    var q = dispatchQueue();
    q.sendAfter(new DispatchMessage("r", "t", 1), Duration.ofMillis(1200));
    var sent = CAPTURE.of(SendMessageRequest.class);
    assertThat(sent).singleElement().satisfies(r -> {
      assertThat(r.delaySeconds()).isEqualTo(2);
      assertThat(r.messageBody()).doesNotContain("notBefore");
    });
  }

  @Test
  void delaysOver15MinutesAreCappedAndCarryTheirDueTime() {
    var now = Instant.parse("2026-11-26T12:00:00Z");
    var pair = SqsQueues.create(SQS, ElasticMq.uniqueName("q"), 3);
    var q = new SqsMessageQueue<>(SQS, pair.url(), MessageCodec.dispatch(), () -> now, SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES);
    CAPTURE.requests.clear();
    q.sendAfter(new DispatchMessage("r", "t", 1), Duration.ofMinutes(40));
    q.sendAfter(new DispatchMessage("r", "u", 1), Duration.ofSeconds(900));
    var sent = CAPTURE.of(SendMessageRequest.class);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).delaySeconds()).isEqualTo(900);
    var env = MessageCodec.dispatch().decode(sent.get(0).messageBody());
    assertThat(env.notBefore()).isEqualTo(now.plus(Duration.ofMinutes(40)));
    assertThat(sent.get(1).delaySeconds()).isEqualTo(900);
    assertThat(sent.get(1).messageBody()).doesNotContain("notBefore");
  }

  @Test
  void holdingDelayed_sendsTheHeldDelayedMessagesInBatchesOf10AtTheEnd_eachWithItsOwnDelay() {
    var q = dispatchQueue();
    long sentInside = q.holdingDelayed(() -> {
      for (int i = 0; i < 12; i++) q.sendAfter(new DispatchMessage("r", "t" + i, 1), Duration.ofSeconds(i < 6 ? 1 : 2));
      q.send(new DispatchMessage("r", "now", 1)); // not delayed: sent at once
      return COUNTER.count("Sqs.SendMessageBatch") + COUNTER.count("Sqs.SendMessage");
    });
    assertThat(sentInside).as("requests while held").isEqualTo(1L);
    assertThat(COUNTER.count("Sqs.SendMessageBatch")).isEqualTo(2);
    var entries = CAPTURE.of(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest.class).stream()
        .flatMap(b -> b.entries().stream()).toList();
    assertThat(entries).extracting(e -> e.delaySeconds()).containsExactly(1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2);
  }

  @Test
  void holdingDelayed_stillSendsWhatWasHeld_whenTheWorkThrows_andNestedCallsSendOnceAtTheOuterEnd() {
    var q = dispatchQueue();
    assertThatThrownBy(() -> q.holdingDelayed(() -> {
      q.holdingDelayed(() -> {
        q.sendAfter(new DispatchMessage("r", "a", 1), Duration.ofSeconds(1));
        return null;
      });
      assertThat(COUNTER.count("Sqs.SendMessageBatch")).as("inner end sends nothing").isZero();
      q.sendAfter(new DispatchMessage("r", "b", 1), Duration.ofSeconds(1));
      throw new IllegalStateException("handler failed");
    })).hasMessage("handler failed");
    assertThat(COUNTER.count("Sqs.SendMessageBatch")).isEqualTo(1);
    q.sendAfter(new DispatchMessage("r", "c", 1), Duration.ofSeconds(1)); // outside: sent at once
    assertThat(COUNTER.count("Sqs.SendMessage")).isEqualTo(1);
  }
}
