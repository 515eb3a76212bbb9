package dev.ork.infra.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.DispatchMessage;
import dev.ork.infra.aws.RequestCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

class SqsBatchProcessorTest {

  static final RequestCounter COUNTER = new RequestCounter();
  static final CapturingInterceptor CAPTURE = new CapturingInterceptor();
  static final SqsClient SQS = ElasticMq.client(COUNTER, CAPTURE);

  record Fixture(SqsQueues.QueuePair pair, SqsMessageQueue<DispatchMessage> queue, SqsBatchProcessor<DispatchMessage> processor) {}

  static Fixture fixture(int maxReceiveCount, Duration visibility) {
    var pair = SqsQueues.create(SQS, ElasticMq.uniqueName("proc"), maxReceiveCount, visibility);
    var queue = new SqsMessageQueue<>(SQS, pair.url(), MessageCodec.dispatch());
    return new Fixture(pair, queue, new SqsBatchProcessor<>(queue, new DeadLetterQueue(SQS, pair.dlqUrl())));
  }

  /** What the Lambda event source mapping does: receive, run the processor, delete what was acknowledged. */
  static SqsBatchProcessor.Result deliver(Fixture f, List<Message> batch, java.util.function.Consumer<DispatchMessage> handler) {
    var result = f.processor().processDetailed(batch.stream().map(SqsTestSupport::toRecord).toList(), handler);
    for (var m : batch) {
      if (!result.batchItemFailures().contains(m.messageId())) {
        SQS.deleteMessage(b -> b.queueUrl(f.pair().url()).receiptHandle(m.receiptHandle()));
      }
    }
    return result;
  }

  @Test
  void undecodableMessageGoesToTheDlqWithItsReasonAndIsAcknowledged() {
    var f = fixture(3, Duration.ofSeconds(5));
    SQS.sendMessage(b -> b.queueUrl(f.pair().url()).messageBody("{\"v\":9,\"type\":\"dispatch\"}"));
    f.queue().send(new DispatchMessage("r", "good", 1));
    var batch = SqsTestSupport.receive(SQS, f.pair().url(), 2);
    while (batch.size() < 2) {
      var more = SqsTestSupport.receive(SQS, f.pair().url(), 1);
      if (more.isEmpty()) break;
      batch = new ArrayList<>(batch);
      batch.addAll(more);
    }
    var handled = new ArrayList<DispatchMessage>();
    var result = deliver(f, batch, handled::add);

    assertThat(result.batchItemFailures()).isEmpty();
    assertThat(result.deadLettered()).isEqualTo(1);
    assertThat(handled).containsExactly(new DispatchMessage("r", "good", 1));
    var dead = SqsTestSupport.drain(SQS, f.pair().dlqUrl(), 2);
    assertThat(dead).singleElement().satisfies(m -> {
      assertThat(m.body()).isEqualTo("{\"v\":9,\"type\":\"dispatch\"}");
      assertThat(m.messageAttributes().get(DeadLetterQueue.ERROR_ATTRIBUTE).stringValue())
          .contains("undecodable dispatch message").contains("unsupported envelope version v=9");
      assertThat(m.messageAttributes()).containsKey(DeadLetterQueue.SOURCE_ID_ATTRIBUTE);
    });
    assertThat(SqsTestSupport.receive(SQS, f.pair().url(), 0)).as("acknowledged").isEmpty();
  }

  @Test
  void processDetailed_givesTheDecodedBatchToBeforeHandling_firstAndWithoutTheUndecodable() {
    var f = fixture(3, Duration.ofSeconds(5));
    SQS.sendMessage(b -> b.queueUrl(f.pair().url()).messageBody("not json"));
    f.queue().send(new DispatchMessage("r", "a", 1));
    f.queue().send(new DispatchMessage("r", "b", 1));
    var batch = SqsTestSupport.drain(SQS, f.pair().url(), 3);
    var seen = new ArrayList<String>();

    var result = f.processor().processDetailed(batch.stream().map(SqsTestSupport::toRecord).toList(),
        read -> seen.add("ahead " + read.stream().map(DispatchMessage::taskName).sorted().toList()),
        m -> seen.add("handled " + m.taskName()));

    assertThat(result.handled()).isEqualTo(2);
    assertThat(seen).hasSize(3).first().isEqualTo("ahead [a, b]");
  }

  @Test
  void processDetailed_handlesTheBatch_whenBeforeHandlingThrows() {
    var f = fixture(3, Duration.ofSeconds(5));
    f.queue().send(new DispatchMessage("r", "a", 1));
    var batch = SqsTestSupport.drain(SQS, f.pair().url(), 1);
    var handled = new ArrayList<DispatchMessage>();

    var result = f.processor().processDetailed(batch.stream().map(SqsTestSupport::toRecord).toList(),
        read -> { throw new IllegalStateException("throttled"); }, handled::add);

    assertThat(result.batchItemFailures()).isEmpty();
    assertThat(handled).extracting(DispatchMessage::taskName).containsExactly("a");
  }

  @Test
  void transientFailureIsABatchItemFailureAndRedrivesToTheDlqAfterMaxReceiveCount() throws Exception {
    var f = fixture(2, Duration.ofSeconds(1));
    var m = new DispatchMessage("r", "flaky", 1);
    f.queue().send(m);
    var calls = new AtomicInteger();
    var receiveCounts = new ArrayList<Integer>();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<Message> dead = List.of();
    while (dead.isEmpty() && System.nanoTime() < deadline) {
      var batch = SqsTestSupport.receive(SQS, f.pair().url(), 1);
      for (var msg : batch) {
        receiveCounts.add(Integer.parseInt(msg.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)));
      }
      if (!batch.isEmpty()) {
        var result = deliver(f, batch, x -> {
          calls.incrementAndGet();
          throw new TransientException("store unavailable");
        });
        assertThat(result.batchItemFailures()).containsExactly(batch.get(0).messageId());
      }
      dead = SqsTestSupport.receive(SQS, f.pair().dlqUrl(), 0);
    }
    assertThat(calls.get()).isEqualTo(2);
    assertThat(receiveCounts).containsExactly(1, 2);
    assertThat(dead).singleElement().satisfies(d -> assertThat(MessageCodec.dispatch().decode(d.body()).message()).isEqualTo(m));
  }

  @Test
  void permanentFailureIsLoggedAndAcknowledged() {
    var f = fixture(3, Duration.ofSeconds(5));
    var rec = new SqsRecord("id-1", MessageCodec.dispatch().encode(new DispatchMessage("r", "t", 1)), null, 1);
    var result = f.processor().processDetailed(List.of(rec), x -> {
      throw new IllegalStateException("task definition is broken");
    });
    assertThat(result.batchItemFailures()).isEmpty();
    assertThat(result.permanentFailures()).isEqualTo(1);
  }

  @Test
  void transientIsRecognisedThroughCausesAndRetryableSdkErrors() {
    assertThat(SqsBatchProcessor.isTransientByDefault(new RuntimeException(new TransientException("x")))).isTrue();
    assertThat(SqsBatchProcessor.isTransientByDefault(SdkClientException.create("connection reset"))).isTrue();
    assertThat(SqsBatchProcessor.isTransientByDefault(
        software.amazon.awssdk.services.sqs.model.SqsException.builder().statusCode(503).message("unavailable").build())).isTrue();
    assertThat(SqsBatchProcessor.isTransientByDefault(
        software.amazon.awssdk.services.sqs.model.SqsException.builder().statusCode(400).message("bad request").build())).isFalse();
    assertThat(SqsBatchProcessor.isTransientByDefault(new IllegalArgumentException("bad"))).isFalse();
  }

  @Test
  void earlyDelayedMessageIsResentWithTheRemainingDelay() {
    var f = fixture(3, Duration.ofSeconds(5));
    var m = new DispatchMessage("r", "timer", 1);
    var due = Instant.now().plusMillis(2500);
    var rec = new SqsRecord("early-1", MessageCodec.dispatch().encode(m, due), null, 1);
    var handled = new ArrayList<DispatchMessage>();
    CAPTURE.requests.clear();

    var result = f.processor().processDetailed(List.of(rec), handled::add);

    assertThat(result.batchItemFailures()).isEmpty();
    assertThat(result.redelivered()).isEqualTo(1);
    assertThat(handled).isEmpty();
    assertThat(CAPTURE.of(SendMessageRequest.class)).singleElement()
        .satisfies(r -> assertThat(r.delaySeconds()).isBetween(2, 3));
    assertThat(SqsTestSupport.receive(SQS, f.pair().url(), 1)).as("not before its due time").isEmpty();
    var later = SqsTestSupport.receive(SQS, f.pair().url(), 4);
    assertThat(later).hasSize(1);
    assertThat(Instant.now()).isAfterOrEqualTo(due);
    var second = deliver(f, later, handled::add);
    assertThat(second.handled()).isEqualTo(1);
    assertThat(handled).containsExactly(m);
  }

  @Test
  void earlyMessageFarFromDueIsResentAsAnother900SecondHopKeepingItsDueTime() {
    var f = fixture(3, Duration.ofSeconds(5));
    var now = Instant.parse("2026-11-26T12:00:00Z");
    var due = now.plus(Duration.ofMinutes(50));
    var processor = new SqsBatchProcessor<>(
        new SqsMessageQueue<>(SQS, f.pair().url(), MessageCodec.dispatch(), () -> now, SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES),
        new DeadLetterQueue(SQS, f.pair().dlqUrl()), () -> now, SqsBatchProcessor::isTransientByDefault);
    var rec = new SqsRecord("early-2", MessageCodec.dispatch().encode(new DispatchMessage("r", "t", 1), due), null, 1);
    CAPTURE.requests.clear();
    var failures = processor.process(List.of(rec), x -> { throw new AssertionError("must not run early"); });
    assertThat(failures).isEmpty();
    assertThat(CAPTURE.of(SendMessageRequest.class)).singleElement().satisfies(r -> {
      assertThat(r.delaySeconds()).isEqualTo(900);
      assertThat(MessageCodec.dispatch().decode(r.messageBody()).notBefore()).isEqualTo(due);
    });
  }
}
