package dev.ork.core.port;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a wiring offers for deferred jobs: where they are kept and who polls which service. */
public record Deferrals(DeferredJobStore jobs, Map<String, JobTracker> trackers) {

  public static Deferrals of(DeferredJobStore jobs, List<JobTracker> trackers) {
    return new Deferrals(jobs, trackers.stream().collect(Collectors.toMap(JobTracker::serviceType, Function.identity())));
  }

  /** A wiring without deferral support: tasks that hand over jobs fail with a clear error. */
  public static Deferrals none() {
    return new Deferrals(null, Map.of());
  }

  public boolean supported() {
    return jobs != null;
  }

  public Optional<JobTracker> tracker(String serviceType) {
    return Optional.ofNullable(trackers.get(serviceType));
  }
}
