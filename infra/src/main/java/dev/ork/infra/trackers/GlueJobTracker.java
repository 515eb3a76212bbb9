package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.port.JobTracker;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * {@code glue}: a Glue job run by {@code job_name} and {@code run_id} (default: {@code job_id}), via
 * GetJobRun. SUCCEEDED → Completed; FAILED/ERROR/TIMEOUT/STOPPED → Failed(ErrorMessage); anything
 * else (STARTING, RUNNING, STOPPING, WAITING, …) → Running. Cancel → BatchStopJobRun.
 */
public final class GlueJobTracker implements JobTracker {

  public static final String SERVICE_TYPE = "glue";
  private final Supplier<GlueClient> glue;

  public GlueJobTracker(Supplier<GlueClient> glue) {
    this.glue = Lazy.of(glue);
  }

  @Override
  public String serviceType() {
    return SERVICE_TYPE;
  }

  @Override
  public List<String> requiredFields() {
    return List.of("job_name");
  }

  @Override
  public Poll poll(JsonNode jobData) {
    var name = JobData.required(jobData, "job_name");
    var runId = JobData.either(jobData, "run_id", "job_id");
    var run = glue.get().getJobRun(b -> b.jobName(name).runId(runId)).jobRun();
    var state = run.jobRunStateAsString();
    return switch (state == null ? "" : state) {
      case "SUCCEEDED" -> new Poll.Completed();
      case "FAILED", "ERROR", "TIMEOUT", "STOPPED" ->
          new Poll.Failed("Glue job run " + state + ": " + JobData.orUnknown(run.errorMessage(), "Unknown error"));
      default -> new Poll.Running();
    };
  }

  @Override
  public void cancel(JsonNode jobData) {
    glue.get().batchStopJobRun(b -> b.jobName(JobData.required(jobData, "job_name"))
        .jobRunIds(JobData.either(jobData, "run_id", "job_id")));
  }
}
