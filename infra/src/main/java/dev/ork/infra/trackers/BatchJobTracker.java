package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * {@code batch}: an AWS Batch job by {@code job_id}, via DescribeJobs. SUCCEEDED → Completed; FAILED
 * → Failed(statusReason); SUBMITTED/PENDING/RUNNABLE/STARTING/RUNNING → Running. A job DescribeJobs
 * does not know → thrown (retried; failed after 5 in a row). Cancel → TerminateJob (which also
 * cancels a job that has not started).
 */
public final class BatchJobTracker extends AwsJobTracker<BatchClient> {

  public static final String SERVICE_TYPE = "batch";

  public BatchJobTracker(Supplier<BatchClient> batch) {
    super(SERVICE_TYPE, List.of(), batch);
  }

  @Override
  public Poll poll(JsonNode jobData) {
    var id = JobData.required(jobData, "job_id");
    var response = client().describeJobs(b -> b.jobs(id));
    if (!response.hasJobs() || response.jobs().isEmpty()) {
      throw new IllegalStateException("AWS Batch job " + id + " not found");
    }
    var job = response.jobs().get(0);
    return switch (job.statusAsString()) {
      case "SUCCEEDED" -> new Poll.Completed();
      case "FAILED" -> new Poll.Failed("AWS Batch job failed: " + JobData.orUnknown(job.statusReason(), "Unknown error"));
      default -> new Poll.Running();
    };
  }

  @Override
  public void cancel(JsonNode jobData) {
    client().terminateJob(b -> b.jobId(JobData.required(jobData, "job_id")).reason("cancelled by Ork"));
  }
}
