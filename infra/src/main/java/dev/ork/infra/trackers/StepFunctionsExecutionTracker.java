package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code stepfunctions}: a Step Functions execution by {@code execution_arn} (default: {@code job_id}),
 * via DescribeExecution. SUCCEEDED → Completed; FAILED/TIMED_OUT/ABORTED → Failed(error: cause);
 * RUNNING (and PENDING_REDRIVE) → Running. Cancel → StopExecution.
 */
public final class StepFunctionsExecutionTracker extends AwsJobTracker<SfnClient> {

  public static final String SERVICE_TYPE = "stepfunctions";

  public StepFunctionsExecutionTracker(Supplier<SfnClient> sfn) {
    super(SERVICE_TYPE, List.of(), sfn);
  }

  @Override
  public Poll poll(JsonNode jobData) {
    var arn = JobData.either(jobData, "execution_arn", "job_id");
    var execution = client().describeExecution(b -> b.executionArn(arn));
    var status = execution.statusAsString();
    return switch (status == null ? "" : status) {
      case "SUCCEEDED" -> new Poll.Completed();
      case "FAILED", "TIMED_OUT", "ABORTED" -> new Poll.Failed("Step Functions execution " + status + ": "
          + JobData.orUnknown(execution.error(), "no error") + ": " + JobData.orUnknown(execution.cause(), "no cause"));
      default -> new Poll.Running();
    };
  }

  @Override
  public void cancel(JsonNode jobData) {
    client().stopExecution(b -> b.executionArn(JobData.either(jobData, "execution_arn", "job_id"))
        .error("Ork.Cancelled").cause("cancelled by Ork"));
  }
}
