package dev.ork.infra.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.sqs.MessageDecodeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LambdaDestinationRecordTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final StatusMessageCodec codec = new StatusMessageCodec();

  private static String record(String condition, String functionError, String response) {
    return """
        {"version":"1.0","timestamp":"2026-11-24T23:08:25.651Z",
         "requestContext":{"requestId":"c2a6f2ae","functionArn":"arn:aws:lambda:us-east-1:1:function:f:$LATEST",
           "condition":"%s","approximateInvokeCount":1},
         "requestPayload":{"run":"r1","task":"load","attempt":3,"workflow":"elt","inputs":{"a":1}},
         "responseContext":{"statusCode":200,"executedVersion":"$LATEST"%s},
         "responsePayload":%s}
        """.formatted(condition, functionError == null ? "" : ",\"functionError\":\"" + functionError + "\"", response);
  }

  @Test
  void decode_succeededWithOutput_whenConditionSuccess() throws Exception {
    var u = codec.decode(record("Success", null, "{\"rows\":42}")).message();
    assertThat(u.kind()).isEqualTo(StatusUpdate.Kind.SUCCEEDED);
    assertThat(u.runId()).isEqualTo("r1");
    assertThat(u.taskName()).isEqualTo("load");
    assertThat(u.attempt()).isEqualTo(3);
    assertThat(u.output()).isEqualTo(JSON.readTree("{\"rows\":42}"));
    assertThat(u.executionId()).isEqualTo("c2a6f2ae");
    assertThat(u.at()).isEqualTo(Instant.parse("2026-11-24T23:08:25.651Z"));
  }

  @Test
  void decode_failedWithErrorMessage_whenFunctionErrored() {
    var u = codec.decode(record("RetriesExhausted", "Unhandled",
        "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":[]}")).message();
    assertThat(u.kind()).isEqualTo(StatusUpdate.Kind.FAILED);
    assertThat(u.error()).contains("RetriesExhausted").contains("Unhandled").contains("IllegalStateException: boom");
  }

  @Test
  void decode_failedWithCondition_whenEventTooOld() {
    var u = codec.decode(record("EventAgeExceeded", null, "null")).message();
    assertThat(u.kind()).isEqualTo(StatusUpdate.Kind.FAILED);
    assertThat(u.error()).isEqualTo("lambda EventAgeExceeded");
  }

  @Test
  void decode_rejected_whenRequestPayloadIsNotOurs() {
    var body = "{\"version\":\"1.0\",\"requestContext\":{\"condition\":\"Success\"},\"requestPayload\":{\"hello\":1}}";
    assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(MessageDecodeException.class)
        .hasMessageContaining("requestPayload.run");
  }

  @Test
  void codec_stillReadsOrkEnvelopes() {
    var u = StatusUpdate.failed("r", "t", 1, "x", null);
    assertThat(codec.decode(codec.encode(u)).message()).isEqualTo(u);
  }
}
