package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.port.JobTracker;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code stepfunctions}: a Step Functions execution by {@code execution_arn} (default: {@code job_id}),
 * via DescribeExecution. SUCCEEDED → Completed; FAILED/TIMED_OUT/ABORTED → Failed(error: cause);
 * RUNNING (and PENDING_REDRIVE) → Running. Cancel → StopExecution.
 */
public final class StepFunctionsExecutionTracker implements JobTracker {

  public static final String SERVICE_TYPE = "stepfunctions";
  private final Supplier<SfnClient> sfn;

  public StepFunctionsExecutionTracker(Supplier<SfnClient> sfn) {
    this.sfn = Lazy.of(sfn);
  }

  @Override
  public String serviceType() {
    return SERVICE_TYPE;
  }

  @Override
  public List<String> requiredFields() {
    return List.of();
  }

  @Override
  public Poll poll(JsonNode jobData) {
    var arn = JobData.either(jobData, "execution_arn", "job_id");
    var execution = sfn.get().describeExecution(b -> b.executionArn(arn));
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
    sfn.get().stopExecution(b -> b.executionArn(JobData.either(jobData, "execution_arn", "job_id"))
        .error("Ork.Cancelled").cause("cancelled by Ork"));
  }
}
