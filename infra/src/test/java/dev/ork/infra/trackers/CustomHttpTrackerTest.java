package dev.ork.infra.trackers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.port.JobTracker.Poll;
import dev.ork.infra.trackers.SdkStandIn.Response;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomHttpTrackerTest {

  private SdkStandIn standIn;
  private CustomHttpTracker tracker;

  @BeforeEach
  void start() throws IOException {
    standIn = new SdkStandIn();
    tracker = new CustomHttpTracker(HttpClient.newHttpClient(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  private JsonNode data(String json) throws IOException {
    return SdkStandIn.MAPPER.readTree(json.replace("URL", standIn.endpoint() + "/jobs/42"));
  }

  private SdkStandIn answer(int status, String body) {
    return standIn.on("/jobs/42", new Response(status, "application/json", body));
  }

  @Test
  void describesItself() {
    assertThat(tracker.serviceType()).isEqualTo("custom_http");
    assertThat(tracker.requiredFields()).containsExactly("url");
  }

  @Test
  void poll_getsWithDefaults_andCompletes_whenStatusIsSuccess_atSdkSeam() throws Exception {
    answer(200, "{\"status\":\"success\"}");
    assertThat(tracker.poll(data("{\"url\":\"URL\"}"))).isEqualTo(new Poll.Completed());
    var r = standIn.only();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/jobs/42");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void poll_isRunning_whenStatusIsNeitherValue_atSdkSeam() throws Exception {
    answer(200, "{\"status\":\"running\"}");
    assertThat(tracker.poll(data("{\"url\":\"URL\",\"failure_value\":\"failed\"}"))).isEqualTo(new Poll.Running());
  }

  @Test
  void poll_usesMethodHeadersAndFields_whenGiven_atSdkSeam() throws Exception {
    for (var method : new String[] {"POST", "PUT", "DELETE", "get"}) {
      standIn.requests.clear();
      answer(200, "{\"state\":\"completed\",\"other\":1}");
      var result = tracker.poll(data("{\"url\":\"URL\",\"method\":\"" + method + "\",\"headers\":{\"Authorization\":\"Bearer t\","
          + "\"X-Job\":\"42\"},\"status_field\":\"state\",\"success_value\":\"completed\",\"failure_value\":\"failed\"}"));
      assertThat(result).isEqualTo(new Poll.Completed());
      var r = standIn.only();
      assertThat(r.method()).isEqualTo(method.toUpperCase());
      assertThat(r.header("Authorization")).isEqualTo("Bearer t");
      assertThat(r.header("X-Job")).isEqualTo("42");
    }
  }

  @Test
  void poll_fails_whenStatusIsTheFailureValue_atSdkSeam() throws Exception {
    answer(200, "{\"state\":\"failed\"}");
    assertThat(tracker.poll(data("{\"url\":\"URL\",\"status_field\":\"state\",\"failure_value\":\"failed\"}")))
        .isEqualTo(new Poll.Failed("Job failed with status: failed"));
  }

  @Test
  void poll_fails_whenTheStatusIsNot2xx_atSdkSeam() throws Exception {
    answer(503, "{\"error\":\"Service Unavailable\"}");
    assertThat(tracker.poll(data("{\"url\":\"URL\"}")))
        .isEqualTo(new Poll.Failed("HTTP request failed with status 503: Service Unavailable"));
    answer(404, "<html>not found</html>");
    assertThat(tracker.poll(data("{\"url\":\"URL\"}")))
        .isEqualTo(new Poll.Failed("HTTP request failed with status 404: Unknown error"));
  }

  @Test
  void poll_throws_whenTheBodyIsNotJsonOrLacksTheField_atSdkSeam() throws Exception {
    answer(200, "ok");
    assertThatThrownBy(() -> tracker.poll(data("{\"url\":\"URL\"}"))).isInstanceOf(IOException.class)
        .hasMessageContaining("not JSON");
    answer(200, "{\"state\":\"success\"}");
    assertThatThrownBy(() -> tracker.poll(data("{\"url\":\"URL\"}"))).hasMessageContaining("Response missing expected field 'status'");
    answer(200, "{\"status\":1}");
    assertThatThrownBy(() -> tracker.poll(data("{\"url\":\"URL\"}"))).hasMessageContaining("Response missing expected field");
  }

  @Test
  void poll_throws_whenTheServerDoesNotAnswerInTime() throws Exception {
    var slow = new CustomHttpTracker(HttpClient.newHttpClient(), Duration.ofMillis(200));
    try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      var url = "http://127.0.0.1:" + server.getLocalPort() + "/never";
      assertThatThrownBy(() -> slow.poll(SdkStandIn.MAPPER.readTree("{\"url\":\"" + url + "\"}")))
          .isInstanceOf(java.net.http.HttpTimeoutException.class);
    }
  }

  @Test
  void poll_answersMockUrlsWithoutARequest() throws Exception {
    assertThat(tracker.poll(data("{\"url\":\"mock://success/1\"}"))).isEqualTo(new Poll.Completed());
    assertThat(tracker.poll(data("{\"url\":\"mock://failed\"}"))).isEqualTo(new Poll.Failed("Mock job failed"));
    assertThat(tracker.poll(data("{\"url\":\"mock://running\"}"))).isEqualTo(new Poll.Running());
    assertThat(standIn.requests).isEmpty();
  }

  @Test
  void poll_failsOrThrows_whenJobDataIsWrong() throws Exception {
    assertThat(tracker.poll(data("{\"url\":\"URL\",\"method\":\"PATCH\"}")))
        .isEqualTo(new Poll.Failed("Unsupported HTTP method: PATCH"));
    assertThatThrownBy(() -> tracker.poll(data("{\"job_id\":\"x\"}"))).hasMessage("Missing url in job_data");
    assertThat(standIn.requests).isEmpty();
  }
}
