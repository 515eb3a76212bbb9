package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * {@code athena}: an Athena query by {@code query_execution_id} (default: {@code job_id}), via
 * GetQueryExecution. SUCCEEDED → Completed; FAILED/CANCELLED → Failed(StateChangeReason); QUEUED and
 * RUNNING → Running. Cancel → StopQueryExecution.
 */
public final class AthenaQueryTracker extends AwsJobTracker<AthenaClient> {

  public static final String SERVICE_TYPE = "athena";

  public AthenaQueryTracker(Supplier<AthenaClient> athena) {
    super(SERVICE_TYPE, List.of(), athena);
  }

  @Override
  public Poll poll(JsonNode jobData) {
    var id = JobData.either(jobData, "query_execution_id", "job_id");
    var status = client().getQueryExecution(b -> b.queryExecutionId(id)).queryExecution().status();
    var state = status == null ? "" : status.stateAsString();
    return switch (state == null ? "" : state) {
      case "SUCCEEDED" -> new Poll.Completed();
      case "FAILED", "CANCELLED" ->
          new Poll.Failed("Athena query " + state + ": " + JobData.orUnknown(status.stateChangeReason(), "Unknown error"));
      default -> new Poll.Running();
    };
  }

  @Override
  public void cancel(JsonNode jobData) {
    client().stopQueryExecution(b -> b.queryExecutionId(JobData.either(jobData, "query_execution_id", "job_id")));
  }
}
