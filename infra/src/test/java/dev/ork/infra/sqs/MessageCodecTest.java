package dev.ork.infra.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.StatusUpdate;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageCodecTest {

  @Test
  void dispatchEnvelopeShape() {
    assertThat(MessageCodec.dispatch().encode(new DispatchMessage("r1", "t1", 2)))
        .isEqualTo("{\"v\":1,\"type\":\"dispatch\",\"runId\":\"r1\",\"taskName\":\"t1\",\"attempt\":2}");
  }

  @Test
  void statusEnvelopeShapeAndRoundTrip() {
    var out = JsonNodeFactory.instance.objectNode().put("n", 1);
    var u = new StatusUpdate("r1", "t1", 1, StatusUpdate.Kind.SUCCEEDED, out, null, "e-1",
        Instant.parse("2026-01-02T03:04:05.000000006Z"));
    String body = MessageCodec.status().encode(u);
    assertThat(body).isEqualTo("{\"v\":1,\"type\":\"status\",\"runId\":\"r1\",\"taskName\":\"t1\",\"attempt\":1,"
        + "\"kind\":\"SUCCEEDED\",\"output\":{\"n\":1},\"executionId\":\"e-1\",\"at\":\"2026-01-02T03:04:05.000000006Z\"}");
    assertThat(MessageCodec.status().decode(body)).isEqualTo(new Envelope<>(u, null));
  }

  @Test
  void watchdogEnvelope_namesNoTask_andRoundTrips_whileOtherKindsStillNeedOne() {
    var w = StatusUpdate.watchdog("r1", Instant.parse("2026-12-03T10:00:05Z"));
    String body = MessageCodec.status().encode(w);
    assertThat(body).isEqualTo("{\"v\":1,\"type\":\"status\",\"runId\":\"r1\",\"attempt\":0,\"kind\":\"WATCHDOG\","
        + "\"at\":\"2026-12-03T10:00:05Z\"}");
    assertThat(MessageCodec.status().decode(body).message()).isEqualTo(w);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MessageCodec.status().decode(body.replace("WATCHDOG", "DEADLINE")))
        .isInstanceOf(MessageDecodeException.class).hasMessage("missing field 'taskName'");
  }

  @Test
  void javaNullAndJsonNullOutputsStayDistinct() {
    var withJsonNull = new StatusUpdate("r", "t", 1, StatusUpdate.Kind.SUCCEEDED, NullNode.instance, null, null, null);
    var withNull = new StatusUpdate("r", "t", 1, StatusUpdate.Kind.SUCCEEDED, null, null, null, null);
    var c = MessageCodec.status();
    assertThat(c.decode(c.encode(withJsonNull)).message()).isEqualTo(withJsonNull);
    assertThat(c.decode(c.encode(withNull)).message()).isEqualTo(withNull);
  }

  @Test
  void notBeforeRoundTrips() {
    var due = Instant.parse("2030-01-01T00:00:00Z");
    var c = MessageCodec.dispatch();
    var env = c.decode(c.encode(new DispatchMessage("r", "t", 1), due));
    assertThat(env.notBefore()).isEqualTo(due);
    assertThat(env.isEarly(due.minusSeconds(1))).isTrue();
    assertThat(env.isEarly(due)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "not json            | hello                                                              | not JSON",
      "array               | [1,2]                                                              | not a JSON object",
      "empty               | ''                                                                 | empty",
      "no version          | {\"type\":\"dispatch\",\"runId\":\"r\",\"taskName\":\"t\",\"attempt\":1}   | missing envelope version field 'v'",
      "future version      | {\"v\":2,\"type\":\"dispatch\",\"runId\":\"r\",\"taskName\":\"t\",\"attempt\":1} | unsupported envelope version v=2",
      "string version      | {\"v\":\"1\",\"type\":\"dispatch\"}                                  | 'v' must be an integer",
      "no type             | {\"v\":1,\"runId\":\"r\"}                                            | missing envelope field 'type'",
      "unknown type        | {\"v\":1,\"type\":\"launch\",\"runId\":\"r\"}                        | unknown or unexpected message type 'launch'",
      "status on dispatch  | {\"v\":1,\"type\":\"status\",\"runId\":\"r\"}                        | this queue carries 'dispatch'",
      "missing runId       | {\"v\":1,\"type\":\"dispatch\",\"taskName\":\"t\",\"attempt\":1}         | missing field 'runId'",
      "missing attempt     | {\"v\":1,\"type\":\"dispatch\",\"runId\":\"r\",\"taskName\":\"t\"}         | missing field 'attempt'",
      "attempt not int     | {\"v\":1,\"type\":\"dispatch\",\"runId\":\"r\",\"taskName\":\"t\",\"attempt\":\"1\"} | field 'attempt' must be an integer",
      "bad notBefore       | {\"v\":1,\"type\":\"dispatch\",\"runId\":\"r\",\"taskName\":\"t\",\"attempt\":1,\"notBefore\":\"soon\"} | field 'notBefore' is not an ISO-8601 instant",
  })
  void dispatchDecodingRejects(String name, String body, String expected) {
    assertThatThrownBy(() -> MessageCodec.dispatch().decode(body))
        .isInstanceOf(MessageDecodeException.class).hasMessageContaining(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing kind  | {\"v\":1,\"type\":\"status\",\"runId\":\"r\",\"taskName\":\"t\",\"attempt\":1}                      | missing field 'kind'",
      "unknown kind  | {\"v\":1,\"type\":\"status\",\"runId\":\"r\",\"taskName\":\"t\",\"attempt\":1,\"kind\":\"EXPLODED\"} | field 'kind' is 'EXPLODED'",
      "bad at        | {\"v\":1,\"type\":\"status\",\"runId\":\"r\",\"taskName\":\"t\",\"attempt\":1,\"kind\":\"RUNNING\",\"at\":\"yesterday\"} | field 'at' is not an ISO-8601 instant",
      "error not str | {\"v\":1,\"type\":\"status\",\"runId\":\"r\",\"taskName\":\"t\",\"attempt\":1,\"kind\":\"FAILED\",\"error\":{}} | field 'error' must be a string",
      "dispatch      | {\"v\":1,\"type\":\"dispatch\",\"runId\":\"r\",\"taskName\":\"t\",\"attempt\":1}                    | this queue carries 'status'",
  })
  void statusDecodingRejects(String name, String body, String expected) {
    assertThatThrownBy(() -> MessageCodec.status().decode(body))
        .isInstanceOf(MessageDecodeException.class).hasMessageContaining(expected);
  }

  @Test
  void unknownExtraFieldsAreIgnoredForForwardCompatibility() {
    var env = MessageCodec.dispatch().decode(
        "{\"v\":1,\"type\":\"dispatch\",\"runId\":\"r\",\"taskName\":\"t\",\"attempt\":1,\"traceId\":\"x\"}");
    assertThat(env.message()).isEqualTo(new DispatchMessage("r", "t", 1));
  }
}
