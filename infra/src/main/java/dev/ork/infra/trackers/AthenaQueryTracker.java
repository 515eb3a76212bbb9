package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.port.JobTracker;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * {@code athena}: an Athena query by {@code query_execution_id} (default: {@code job_id}), via
 * GetQueryExecution. SUCCEEDED → Completed; FAILED/CANCELLED → Failed(StateChangeReason); QUEUED and
 * RUNNING → Running. Cancel → StopQueryExecution.
 */
public final class AthenaQueryTracker implements JobTracker {

  public static final String SERVICE_TYPE = "athena";
  private final Supplier<AthenaClient> athena;

  public AthenaQueryTracker(Supplier<AthenaClient> athena) {
    this.athena = Lazy.of(athena);
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
    var id = JobData.either(jobData, "query_execution_id", "job_id");
    var status = athena.get().getQueryExecution(b -> b.queryExecutionId(id)).queryExecution().status();
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
    athena.get().stopQueryExecution(b -> b.queryExecutionId(JobData.either(jobData, "query_execution_id", "job_id")));
  }
}
