package dev.ork.infra.trackers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.JobTracker.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;

class AthenaQueryTrackerTest {
  private SdkStandIn standIn;
  private AthenaQueryTracker tracker;

  @BeforeEach
  void start() throws Exception {
    standIn = new SdkStandIn();
    tracker = new AthenaQueryTracker(() -> standIn.client(AthenaClient.builder()));
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  private Poll poll(String state, String reason) throws Exception {
    standIn.onJson("AmazonAthena.GetQueryExecution", "{\"QueryExecution\":{\"QueryExecutionId\":\"q-1\",\"Status\":{\"State\":\""
        + state + "\"" + (reason == null ? "" : ",\"StateChangeReason\":\"" + reason + "\"") + "}}}");
    return tracker.poll(SdkStandIn.MAPPER.readTree("{\"service_type\":\"athena\",\"job_id\":\"q-1\"}"));
  }

  @Test
  void poll_getsTheQueryExecution_andCompletes_whenSucceeded_atSdkSeam() throws Exception {
    assertThat(poll("SUCCEEDED", null)).isEqualTo(new Poll.Completed());
    var r = standIn.only();
    assertThat(r.header("X-Amz-Target")).isEqualTo("AmazonAthena.GetQueryExecution");
    assertThat(r.json()).isEqualTo(SdkStandIn.MAPPER.readTree("{\"QueryExecutionId\":\"q-1\"}"));
  }

  @Test
  void poll_failsWithTheReason_whenFailedOrCancelled_atSdkSeam() throws Exception {
    assertThat(poll("FAILED", "SYNTAX_ERROR: line 1:8")).isEqualTo(new Poll.Failed("Athena query FAILED: SYNTAX_ERROR: line 1:8"));
    assertThat(poll("CANCELLED", null)).isEqualTo(new Poll.Failed("Athena query CANCELLED: Unknown error"));
  }

  @Test
  void poll_isRunning_whileQueuedOrRunning_atSdkSeam() throws Exception {
    assertThat(poll("QUEUED", null)).isEqualTo(new Poll.Running());
    assertThat(poll("RUNNING", null)).isEqualTo(new Poll.Running());
  }

  @Test
  void poll_usesQueryExecutionId_whenGiven_atSdkSeam() throws Exception {
    standIn.onJson("AmazonAthena.GetQueryExecution", "{\"QueryExecution\":{\"Status\":{\"State\":\"RUNNING\"}}}");
    tracker.poll(SdkStandIn.MAPPER.readTree("{\"job_id\":\"x\",\"query_execution_id\":\"q-2\"}"));
    assertThat(standIn.only().json().get("QueryExecutionId").asText()).isEqualTo("q-2");
  }

  @Test
  void cancel_stopsTheQuery_atSdkSeam() throws Exception {
    standIn.onJson("AmazonAthena.StopQueryExecution", "{}");
    tracker.cancel(SdkStandIn.MAPPER.readTree("{\"job_id\":\"q-1\"}"));
    var r = standIn.only();
    assertThat(r.header("X-Amz-Target")).isEqualTo("AmazonAthena.StopQueryExecution");
    assertThat(r.json()).isEqualTo(SdkStandIn.MAPPER.readTree("{\"QueryExecutionId\":\"q-1\"}"));
  }
}
