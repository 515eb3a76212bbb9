package dev.ork.core.testing;

import dev.ork.core.port.DeferredJobStore;
import dev.ork.core.run.DeferredJob;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A DeferredJobStore in memory, for engine tests. */
public final class InMemoryDeferredJobStore implements DeferredJobStore {
  private final Map<String, DeferredJob> jobs = new LinkedHashMap<>();

  @Override
  public synchronized void createJobs(List<DeferredJob> list) {
    list.forEach(j -> jobs.putIfAbsent(j.key(), j));
  }

  @Override
  public synchronized List<DeferredJob> jobsOf(String runId, String taskName, int attempt) {
    return jobs.values().stream()
        .filter(j -> j.runId().equals(runId) && j.taskName().equals(taskName) && j.attempt() == attempt)
        .sorted(Comparator.comparingInt(DeferredJob::index)).toList();
  }

  @Override
  public synchronized List<DeferredJob> jobsDue(Instant now, int limit) {
    return jobs.values().stream().filter(j -> j.status().isOpen() && !j.nextPollAt().isAfter(now))
        .sorted(Comparator.comparing(DeferredJob::nextPollAt)).limit(limit).toList();
  }

  @Override
  public synchronized boolean updateJob(DeferredJob updated, Set<DeferredJob.Status> from) {
    var current = jobs.get(updated.key());
    if (current == null || !from.contains(current.status())) return false;
    jobs.put(updated.key(), updated);
    return true;
  }
}
