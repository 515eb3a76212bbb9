package dev.ork.infra.trackers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.JobTracker.Poll;
import dev.ork.infra.trackers.SdkStandIn.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

class StepFunctionsExecutionTrackerTest {
  private static final String ARN = "arn:aws:states:us-east-1:123:execution:sm:e1";
  private SdkStandIn standIn;
  private StepFunctionsExecutionTracker tracker;

  @BeforeEach
  void start() throws Exception {
    standIn = new SdkStandIn();
    tracker = new StepFunctionsExecutionTracker(() -> standIn.client(SfnClient.builder()));
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  private Poll poll(String status, String extra) throws Exception {
    standIn.on("AWSStepFunctions.DescribeExecution", new Response(200, "application/x-amz-json-1.0",
        "{\"executionArn\":\"" + ARN + "\",\"stateMachineArn\":\"arn:sm\",\"status\":\"" + status + "\",\"startDate\":1.7E9" + extra + "}"));
    return tracker.poll(SdkStandIn.MAPPER.readTree("{\"service_type\":\"stepfunctions\",\"job_id\":\"" + ARN + "\"}"));
  }

  @Test
  void poll_describesTheExecution_andCompletes_whenSucceeded_atSdkSeam() throws Exception {
    assertThat(poll("SUCCEEDED", "")).isEqualTo(new Poll.Completed());
    var r = standIn.only();
    assertThat(r.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.DescribeExecution");
    assertThat(r.json()).isEqualTo(SdkStandIn.MAPPER.readTree("{\"executionArn\":\"" + ARN + "\"}"));
  }

  @Test
  void poll_failsWithErrorAndCause_whenFailedTimedOutOrAborted_atSdkSeam() throws Exception {
    assertThat(poll("FAILED", ",\"error\":\"States.TaskFailed\",\"cause\":\"boom\""))
        .isEqualTo(new Poll.Failed("Step Functions execution FAILED: States.TaskFailed: boom"));
    assertThat(poll("TIMED_OUT", "")).isEqualTo(new Poll.Failed("Step Functions execution TIMED_OUT: no error: no cause"));
    assertThat(poll("ABORTED", ",\"cause\":\"stopped\"")).isEqualTo(new Poll.Failed("Step Functions execution ABORTED: no error: stopped"));
  }

  @Test
  void poll_isRunning_whileRunning_atSdkSeam() throws Exception {
    assertThat(poll("RUNNING", "")).isEqualTo(new Poll.Running());
    assertThat(poll("PENDING_REDRIVE", "")).isEqualTo(new Poll.Running());
  }

  @Test
  void cancel_stopsTheExecution_atSdkSeam() throws Exception {
    standIn.on("AWSStepFunctions.StopExecution", new Response(200, "application/x-amz-json-1.0", "{\"stopDate\":1.7E9}"));
    tracker.cancel(SdkStandIn.MAPPER.readTree("{\"job_id\":\"" + ARN + "\"}"));
    var r = standIn.only();
    assertThat(r.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.StopExecution");
    assertThat(r.json()).isEqualTo(SdkStandIn.MAPPER.readTree(
        "{\"executionArn\":\"" + ARN + "\",\"error\":\"Ork.Cancelled\",\"cause\":\"cancelled by Ork\"}"));
  }
}
