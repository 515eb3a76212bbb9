package dev.ork.core.port;

import dev.ork.core.run.DeferredJob;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Deferred jobs and their polling state. Every change is a conditional write on the job's status. */
public interface DeferredJobStore {

  /** Stores the jobs; a job whose (run, task, attempt, index) is already stored is left as it is. */
  void createJobs(List<DeferredJob> jobs);

  /** The jobs of one attempt, by index. */
  List<DeferredJob> jobsOf(String runId, String taskName, int attempt);

  /** Open jobs (pending or polling) whose next poll is due, oldest first. */
  List<DeferredJob> jobsDue(Instant now, int limit);

  /**
   * Replaces the stored job by {@code updated} (same identity) if the stored one is in {@code from}.
   * Returns whether it did.
   */
  boolean updateJob(DeferredJob updated, Set<DeferredJob.Status> from);
}
