package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.run.RunStatus;
import dev.ork.infra.events.RunStatusChange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The handlers' metrics (embedded metric format lines) and X-Ray subsegments (UDP to the daemon). */
class TelemetryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void failedRun_isOneEmfLine_withTheStackAndWorkflowDimensionsTheAlarmReads() throws Exception {
    var buffer = new ByteArrayOutputStream();
    var before = Metrics.out;
    Metrics.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    try {
      RunMetrics.changed(new RunStatusChange("r-1", "etl", RunStatus.FAILED, "task x failed", Instant.EPOCH));
      RunMetrics.changed(new RunStatusChange("r-1", "etl", RunStatus.RUNNING, null, Instant.EPOCH));
    } finally {
      Metrics.out = before;
    }
    var lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).as("RUNNING is no metric").hasSize(1);
    var line = JSON.readTree(lines.getFirst());
    var directive = line.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(directive.path("Namespace").asText()).isEqualTo("Ork");
    assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Stack\"],[\"Stack\",\"Workflow\"]]");
    assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo("RunsFailed");
    assertThat(line.path("RunsFailed").asDouble()).isEqualTo(1.0);
    assertThat(line.path("Workflow").asText()).isEqualTo("etl");
    assertThat(line.path("Stack").asText()).isNotBlank();
    assertThat(line.path("runId").asText()).isEqualTo("r-1");
    assertThat(line.path("_aws").path("Timestamp").isIntegralNumber()).isTrue();
  }

  @Test
  void taskFinish_isATaskDurationLine_inMilliseconds_perWorkflow_andNoneWithoutAStart() throws Exception {
    var buffer = new ByteArrayOutputStream();
    var before = Metrics.out;
    Metrics.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    try {
      RunMetrics.finished(new dev.ork.infra.events.TaskFinish("r-1", "etl", "load", 2, dev.ork.core.run.TaskStatus.FAILED,
          java.time.Duration.ofMillis(1234)));
      RunMetrics.finished(new dev.ork.infra.events.TaskFinish("r-1", "etl", "load", 3, dev.ork.core.run.TaskStatus.SUCCEEDED, null));
    } finally {
      Metrics.out = before;
    }
    var lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).as("no start read, no duration").hasSize(1);
    var line = JSON.readTree(lines.getFirst());
    var metric = line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0);
    assertThat(metric.path("Name").asText()).isEqualTo("TaskDuration");
    assertThat(metric.path("Unit").asText()).isEqualTo("Milliseconds");
    assertThat(line.path("TaskDuration").asDouble()).isEqualTo(1234.0);
    assertThat(line.path("Workflow").asText()).isEqualTo("etl");
  }

  @Test
  void subsegment_carriesRunTaskAndAttemptAnnotations_underTheInvocationsTrace() throws Exception {
    try (var daemon = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      daemon.setSoTimeout(5000);
      var ctx = Traces.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
          "tcp:127.0.0.1:1 udp:127.0.0.1:" + daemon.getLocalPort());
      Traces.subsegment(ctx, "ork.status", 100.0, 100.5, "run-7", "load", 2, false);
      var packet = new DatagramPacket(new byte[65536], 65536);
      daemon.receive(packet);
      var text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      var header = text.substring(0, text.indexOf('\n'));
      assertThat(JSON.readTree(header).path("format").asText()).isEqualTo("json");
      var doc = JSON.readTree(text.substring(text.indexOf('\n') + 1));
      assertThat(doc.path("trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
      assertThat(doc.path("parent_id").asText()).isEqualTo("53995c3f42cd8ad8");
      assertThat(doc.path("type").asText()).isEqualTo("subsegment");
      assertThat(doc.path("id").asText()).matches("[0-9a-f]{16}");
      assertThat(doc.path("annotations").toString()).isEqualTo("{\"run_id\":\"run-7\",\"task\":\"load\",\"attempt\":2}");
    }
  }

  @Test
  void unsampledOrUntracedInvocations_sendNoSubsegment() {
    assertThat(Traces.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", "127.0.0.1:2000")).isNull();
    assertThat(Traces.parse(null, "127.0.0.1:2000")).isNull();
    assertThat(Traces.parse("Root=1-a;Parent=b;Sampled=1", null)).isNull();
  }
}
