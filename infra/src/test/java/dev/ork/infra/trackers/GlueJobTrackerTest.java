package dev.ork.infra.trackers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ork.core.port.JobTracker.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;

class GlueJobTrackerTest {
  private SdkStandIn standIn;
  private GlueJobTracker tracker;

  @BeforeEach
  void start() throws Exception {
    standIn = new SdkStandIn();
    tracker = new GlueJobTracker(() -> standIn.client(GlueClient.builder()));
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  private Poll poll(String state, String error) throws Exception {
    standIn.onJson("AWSGlue.GetJobRun", "{\"JobRun\":{\"Id\":\"jr_1\",\"JobName\":\"etl\",\"JobRunState\":\"" + state + "\""
        + (error == null ? "" : ",\"ErrorMessage\":\"" + error + "\"") + "}}");
    return tracker.poll(SdkStandIn.MAPPER.readTree("{\"service_type\":\"glue\",\"job_id\":\"jr_1\",\"job_name\":\"etl\"}"));
  }

  @Test
  void poll_getsTheJobRun_andCompletes_whenSucceeded_atSdkSeam() throws Exception {
    assertThat(poll("SUCCEEDED", null)).isEqualTo(new Poll.Completed());
    var r = standIn.only();
    assertThat(r.header("X-Amz-Target")).isEqualTo("AWSGlue.GetJobRun");
    assertThat(r.json()).isEqualTo(SdkStandIn.MAPPER.readTree("{\"JobName\":\"etl\",\"RunId\":\"jr_1\"}"));
  }

  @Test
  void poll_failsWithTheErrorMessage_whenTheRunEndedBadly_atSdkSeam() throws Exception {
    for (var s : new String[] {"FAILED", "ERROR", "TIMEOUT", "STOPPED"}) {
      assertThat(poll(s, "boom")).isEqualTo(new Poll.Failed("Glue job run " + s + ": boom"));
    }
    assertThat(poll("FAILED", null)).isEqualTo(new Poll.Failed("Glue job run FAILED: Unknown error"));
  }

  @Test
  void poll_isRunning_whileNotFinished_atSdkSeam() throws Exception {
    for (var s : new String[] {"STARTING", "RUNNING", "STOPPING", "WAITING", "EXPIRED_SOMEDAY"}) {
      assertThat(poll(s, null)).isEqualTo(new Poll.Running());
    }
  }

  @Test
  void poll_usesRunId_whenGiven_andNeedsJobName_atSdkSeam() throws Exception {
    standIn.onJson("AWSGlue.GetJobRun", "{\"JobRun\":{\"JobRunState\":\"RUNNING\"}}");
    tracker.poll(SdkStandIn.MAPPER.readTree("{\"job_id\":\"x\",\"run_id\":\"jr_2\",\"job_name\":\"etl\"}"));
    assertThat(standIn.only().json().get("RunId").asText()).isEqualTo("jr_2");
    assertThatThrownBy(() -> tracker.poll(SdkStandIn.MAPPER.readTree("{\"job_id\":\"x\"}"))).hasMessage("Missing job_name in job_data");
    assertThat(tracker.requiredFields()).containsExactly("job_name");
  }

  @Test
  void cancel_stopsTheRun_atSdkSeam() throws Exception {
    standIn.onJson("AWSGlue.BatchStopJobRun", "{\"SuccessfulSubmissions\":[{\"JobName\":\"etl\",\"JobRunId\":\"jr_1\"}],\"Errors\":[]}");
    tracker.cancel(SdkStandIn.MAPPER.readTree("{\"job_id\":\"jr_1\",\"job_name\":\"etl\"}"));
    var r = standIn.only();
    assertThat(r.header("X-Amz-Target")).isEqualTo("AWSGlue.BatchStopJobRun");
    assertThat(r.json()).isEqualTo(SdkStandIn.MAPPER.readTree("{\"JobName\":\"etl\",\"JobRunIds\":[\"jr_1\"]}"));
  }
}
