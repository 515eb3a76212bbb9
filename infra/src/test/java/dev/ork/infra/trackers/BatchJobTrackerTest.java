package dev.ork.infra.trackers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ork.core.port.JobTracker.Poll;
import dev.ork.infra.trackers.SdkStandIn.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.BatchClient;

class BatchJobTrackerTest {
  private SdkStandIn standIn;
  private BatchJobTracker tracker;

  @BeforeEach
  void start() throws Exception {
    standIn = new SdkStandIn();
    tracker = new BatchJobTracker(() -> standIn.client(BatchClient.builder()));
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  private Poll poll(String status, String reason) throws Exception {
    standIn.on("/v1/describejobs", new Response(200, "application/json", "{\"jobs\":[{\"jobName\":\"n\",\"jobId\":\"j-1\","
        + "\"jobQueue\":\"q\",\"jobDefinition\":\"d\",\"startedAt\":1,\"status\":\"" + status + "\""
        + (reason == null ? "" : ",\"statusReason\":\"" + reason + "\"") + "}]}"));
    return tracker.poll(SdkStandIn.MAPPER.readTree("{\"service_type\":\"batch\",\"job_id\":\"j-1\"}"));
  }

  @Test
  void poll_describesTheJob_andCompletes_whenSucceeded_atSdkSeam() throws Exception {
    assertThat(poll("SUCCEEDED", null)).isEqualTo(new Poll.Completed());
    var r = standIn.only();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v1/describejobs");
    assertThat(r.json()).isEqualTo(SdkStandIn.MAPPER.readTree("{\"jobs\":[\"j-1\"]}"));
  }

  @Test
  void poll_failsWithTheStatusReason_whenFailed_atSdkSeam() throws Exception {
    assertThat(poll("FAILED", "Essential container in task exited")).isEqualTo(new Poll.Failed("AWS Batch job failed: Essential container in task exited"));
    assertThat(poll("FAILED", null)).isEqualTo(new Poll.Failed("AWS Batch job failed: Unknown error"));
  }

  @Test
  void poll_isRunning_whileNotFinished_atSdkSeam() throws Exception {
    for (var s : new String[] {"SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING"}) {
      assertThat(poll(s, null)).isEqualTo(new Poll.Running());
    }
  }

  @Test
  void poll_throws_whenTheJobIsUnknown_atSdkSeam() throws Exception {
    standIn.on("/v1/describejobs", new Response(200, "application/json", "{\"jobs\":[]}"));
    assertThatThrownBy(() -> tracker.poll(SdkStandIn.MAPPER.readTree("{\"job_id\":\"j-1\"}"))).hasMessageContaining("not found");
  }

  @Test
  void cancel_terminatesTheJob_atSdkSeam() throws Exception {
    standIn.on("/v1/terminatejob", new Response(200, "application/json", "{}"));
    tracker.cancel(SdkStandIn.MAPPER.readTree("{\"job_id\":\"j-1\"}"));
    var r = standIn.only();
    assertThat(r.path()).isEqualTo("/v1/terminatejob");
    assertThat(r.json()).isEqualTo(SdkStandIn.MAPPER.readTree("{\"jobId\":\"j-1\",\"reason\":\"cancelled by Ork\"}"));
  }
}
