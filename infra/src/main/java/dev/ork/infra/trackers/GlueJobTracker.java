package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * {@code glue}: a Glue job run by {@code job_name} and {@code run_id} (default: {@code job_id}), via
 * GetJobRun. SUCCEEDED → Completed; FAILED/ERROR/TIMEOUT/STOPPED → Failed(ErrorMessage); anything
 * else (STARTING, RUNNING, STOPPING, WAITING, …) → Running. Cancel → BatchStopJobRun.
 */
public final class GlueJobTracker extends AwsJobTracker<GlueClient> {

  public static final String SERVICE_TYPE = "glue";

  public GlueJobTracker(Supplier<GlueClient> glue) {
    super(SERVICE_TYPE, List.of("job_name"), glue);
  }

  @Override
  public Poll poll(JsonNode jobData) {
    var name = JobData.required(jobData, "job_name");
    var runId = JobData.either(jobData, "run_id", "job_id");
    var run = client().getJobRun(b -> b.jobName(name).runId(runId)).jobRun();
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
    client().batchStopJobRun(b -> b.jobName(JobData.required(jobData, "job_name"))
        .jobRunIds(JobData.either(jobData, "run_id", "job_id")));
  }
}
