package dev.ork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.api.ScheduleFiring;
import dev.ork.core.port.RunStore;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.TestWorkflows;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScheduleFiringTest {
  private EngineHarness h;
  private ScheduleFiring firing;
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z"); // the harness clock's start

  @BeforeEach
  void setUp() {
    h = new EngineHarness();
    firing = new ScheduleFiring(h.snapshots, h.engine, h.clock);
    var wf = TestWorkflows.named("hourly").task("a").build();
    h.snapshots.register(new CompiledWorkflow(wf.name(), null, "rate(1 hour)", wf.tasks(), wf.topologicalOrder(),
        wf.contentHash()), t0);
  }

  private int runs() {
    return h.runs.listRuns(new RunStore.RunQuery("hourly", null, 100, null)).runs().size();
  }

  private Instant next() {
    return h.snapshots.workflow("hourly").orElseThrow().nextFireAt();
  }

  @Test
  void fireDue_doesNothing_whenScheduleDisabled() {
    h.clock.advance(Duration.ofHours(5));
    assertThat(firing.fireDue().fired()).isEmpty();
    assertThat(runs()).isZero();
  }

  @Test
  void fireDue_armsFirstFireTime_whenEnabledWithoutOne() {
    h.snapshots.setSchedule("hourly", true, null);
    var report = firing.fireDue();
    assertThat(report.armed()).isEqualTo(1);
    assertThat(next()).isEqualTo(t0.plus(Duration.ofHours(1)));
    assertThat(runs()).isZero();
  }

  @Test
  void fireDue_firesOnceAndAdvances_whenDue_evenWhenTickRepeats() {
    h.snapshots.setSchedule("hourly", true, t0.plus(Duration.ofHours(1)));
    h.clock.advance(Duration.ofMinutes(61));
    var first = firing.fireDue();
    var second = firing.fireDue();
    assertThat(first.fired()).hasSize(1);
    assertThat(second.fired()).isEmpty();
    assertThat(runs()).isEqualTo(1);
    assertThat(next()).isEqualTo(t0.plus(Duration.ofHours(2)));
    var run = h.runs.listRuns(new RunStore.RunQuery("hourly", null, 1, null)).runs().get(0);
    assertThat(run.idempotencyKey()).isEqualTo("schedule:hourly:2026-01-01T01:00:00Z");
    assertThat(run.triggeredBy()).isEqualTo("schedule");
  }

  @Test
  void fireDue_startsNoSecondRun_whenAnotherTickAlreadyStartedButDidNotAdvance() {
    h.snapshots.setSchedule("hourly", true, t0.plus(Duration.ofHours(1)));
    h.clock.advance(Duration.ofMinutes(61));
    firing.fireDue();
    h.snapshots.setSchedule("hourly", true, t0.plus(Duration.ofHours(1))); // as if the advance had been lost
    firing.fireDue();
    assertThat(runs()).isEqualTo(1);
  }

  @Test
  void fireDue_firesOnlyTheLatestMissedTime_whenSeveralWereMissed() {
    h.snapshots.setSchedule("hourly", true, t0.plus(Duration.ofHours(1)));
    h.clock.advance(Duration.ofHours(5).plusMinutes(10));
    var report = firing.fireDue();
    assertThat(report.fired()).singleElement()
        .satisfies(f -> assertThat(f.fireTime()).isEqualTo(t0.plus(Duration.ofHours(5))));
    assertThat(runs()).isEqualTo(1);
    assertThat(next()).isEqualTo(t0.plus(Duration.ofHours(6)));
  }
}
