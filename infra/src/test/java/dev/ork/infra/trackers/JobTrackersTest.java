package dev.ork.infra.trackers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.Deferrals;
import dev.ork.core.port.JobTracker;
import dev.ork.core.testing.InMemoryDeferredJobStore;
import org.junit.jupiter.api.Test;

class JobTrackersTest {
  @Test
  void standard_registersEveryTracker_withoutBuildingClients() {
    var trackers = JobTrackers.standard();
    assertThat(trackers).extracting(JobTracker::serviceType)
        .containsExactly("custom_http", "ecs", "batch", "glue", "athena", "stepfunctions");
    var deferrals = Deferrals.of(new InMemoryDeferredJobStore(), trackers);
    assertThat(deferrals.tracker("glue")).isPresent();
    assertThat(JobTrackers.local()).extracting(JobTracker::serviceType).containsExactly("custom_http");
  }
}
