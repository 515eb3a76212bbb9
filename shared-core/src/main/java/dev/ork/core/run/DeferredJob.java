package dev.ork.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An external job one task attempt handed over to the triggerer (an element of its output's
 * {@code deferred} array). Identified by (run, task, attempt, index); {@code jobData} is the element.
 */
public record DeferredJob(
    String runId,
    String taskName,
    int attempt,
    int index,
    String serviceType,
    String jobId,
    JsonNode jobData,
    Status status,
    String error,
    int consecutiveErrors,
    Instant nextPollAt,
    Instant lastPolledAt,
    Instant finishedAt) {

  public enum Status {
    PENDING, POLLING, COMPLETED, FAILED, CANCELLED;

    public boolean isOpen() {
      return switch (this) {
        case PENDING, POLLING -> true;
        case COMPLETED, FAILED, CANCELLED -> false;
      };
    }

    /** The open statuses, in declaration order: the guard of every job update, and the due-jobs query. */
    public static java.util.Set<Status> open() {
      return OPEN;
    }

    private static final java.util.Set<Status> OPEN = java.util.Collections.unmodifiableSet(
        java.util.EnumSet.copyOf(java.util.Arrays.stream(values()).filter(Status::isOpen).toList()));
  }

  public String key() {
    return runId + ":" + taskName + ":" + attempt + ":" + index;
  }

  /** The fields an update sets; {@code status} always, the rest as given. */
  public DeferredJob with(Status newStatus, String newError, int errors, Instant nextPoll, Instant polled, Instant finished) {
    return new DeferredJob(runId, taskName, attempt, index, serviceType, jobId, jobData, newStatus,
        newError != null ? newError : error, errors, nextPoll, polled != null ? polled : lastPolledAt,
        finished != null ? finished : finishedAt);
  }
}
