package dev.ork.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.StatusUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What every {@link MessageQueue} backend must do. A backend's test extends this, creates a fresh
 * queue per call of {@link #queue} and implements {@link #receiveAll} (receive and acknowledge).
 * Delivery is at least once and unordered: nothing here assumes order.
 */
public abstract class MessageQueueContract {

  private static final Map<Class<?>, AtomicInteger> RAN = new ConcurrentHashMap<>();

  /** A fresh, empty queue carrying {@code type} ({@link DispatchMessage} or {@link StatusUpdate}). */
  protected abstract <T> MessageQueue<T> queue(Class<T> type);

  /**
   * Receives and acknowledges the messages available now, waiting up to {@code wait} for the first;
   * an empty list when none came.
   */
  protected abstract <T> List<T> receiveAll(MessageQueue<T> queue, Duration wait);

  /** A name for the report line, e.g. "InProcessQueue". */
  protected abstract String backend();

  @AfterEach
  void countContractTest() {
    RAN.computeIfAbsent(getClass(), k -> new AtomicInteger()).incrementAndGet();
  }

  @AfterAll
  static void reportContractTests(TestInfo info) {
    info.getTestClass().ifPresent(c -> {
      int n = RAN.getOrDefault(c, new AtomicInteger()).get();
      System.out.println("[MessageQueueContract] " + c.getSimpleName() + ": ran " + n + " contract tests");
    });
  }

  /** Receives until {@code n} messages arrived or {@code timeout} passed. */
  protected <T> List<T> receiveAtLeast(MessageQueue<T> queue, int n, Duration timeout) {
    var got = new ArrayList<T>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (got.size() < n && System.nanoTime() < deadline) {
      got.addAll(receiveAll(queue, Duration.ofMillis(500)));
    }
    return got;
  }

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode richOutput() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("rows", 42).put("ratio", 0.25).put("name", "ünïcødé ✓ \"quoted\"").put("flag", true).putNull("nothing");
    o.putArray("items").add(1).add("two").addObject().put("three", 3);
    o.putObject("nested").putObject("deeper").put("big", 12345678901234L);
    return o;
  }

  @Test
  void dispatchMessageRoundTrip() {
    var q = queue(DispatchMessage.class);
    var m = new DispatchMessage("run-01HX", "extract.part-1", 3);
    q.send(m);
    assertThat(receiveAtLeast(q, 1, Duration.ofSeconds(10))).containsExactly(m);
  }

  @Test
  void statusUpdatesRoundTripEveryField() {
    var q = queue(StatusUpdate.class);
    var at = Instant.parse("2026-11-26T10:15:30.123456789Z");
    var all = List.of(
        new StatusUpdate("r1", "t1", 1, StatusUpdate.Kind.SUCCEEDED, richOutput(), null, "exec-1", at),
        new StatusUpdate("r1", "t2", 2, StatusUpdate.Kind.FAILED, null, "boom:\n stack…", "arn:aws:ecs:task/1", at),
        new StatusUpdate("r1", "t3", 1, StatusUpdate.Kind.RUNNING, null, null, null, null),
        new StatusUpdate("r1", "t4", 0, StatusUpdate.Kind.SUCCEEDED, JsonNodeFactory.instance.textNode("scalar"), null, null, at),
        new StatusUpdate("r1", "t5", 7, StatusUpdate.Kind.SUCCEEDED, JsonNodeFactory.instance.arrayNode(), "", "", Instant.EPOCH),
        StatusUpdate.deadline("r2", "t1", 4, at));
    q.sendAll(all);
    assertThat(receiveAtLeast(q, all.size(), Duration.ofSeconds(10))).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void sendAllOf25ArrivesComplete() {
    var q = queue(DispatchMessage.class);
    var all = IntStream.range(0, 25).mapToObj(i -> new DispatchMessage("run-25", "task-" + i, 1)).toList();
    q.sendAll(all);
    var got = receiveAtLeast(q, 25, Duration.ofSeconds(15));
    assertThat(got).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void sendAllOfNothingIsFine() {
    var q = queue(DispatchMessage.class);
    q.sendAll(List.of());
    assertThat(receiveAll(q, Duration.ofMillis(200))).isEmpty();
  }

  @Test
  void sendAfterDelaysDelivery() {
    var q = queue(DispatchMessage.class);
    var late = new DispatchMessage("run-d", "later", 1);
    var now = new DispatchMessage("run-d", "now", 1);
    q.sendAfter(late, Duration.ofSeconds(2));
    q.send(now);
    long start = System.nanoTime();
    assertThat(receiveAtLeast(q, 1, Duration.ofSeconds(5))).containsExactly(now);
    // not yet: keep looking until ~1.2 s after sending, nothing else may show up
    while (System.nanoTime() - start < Duration.ofMillis(1200).toNanos()) {
      assertThat(receiveAll(q, Duration.ofMillis(200))).as("delayed message arrived early").isEmpty();
    }
    assertThat(receiveAtLeast(q, 1, Duration.ofSeconds(6))).containsExactly(late);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void zeroOrNegativeDelayIsImmediate() {
    var q = queue(DispatchMessage.class);
    var a = new DispatchMessage("run-z", "a", 1);
    var b = new DispatchMessage("run-z", "b", 1);
    q.sendAfter(a, Duration.ZERO);
    q.sendAfter(b, Duration.ofSeconds(-5));
    assertThat(receiveAtLeast(q, 2, Duration.ofSeconds(5))).containsExactlyInAnyOrder(a, b);
  }
}
