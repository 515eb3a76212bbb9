package dev.ork.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ork.core.run.NewRun;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.TestWorkflows;
import dev.ork.core.workflow.Binding;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.TypeExpr;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every run carries a data interval; tasks bind it with {@code {ref: run.interval_*}}. */
class DataIntervalTest {
  private final EngineHarness h = new EngineHarness(); // clock starts at 2026-01-01T00:00:00Z

  private CompiledWorkflow wf(String schedule) {
    var str = TestWorkflows.prim(TypeExpr.Builtin.STR);
    var base = TestWorkflows.named("daily").typed("load",
        Map.of("from", new Binding.RunField("interval_start"), "to", new Binding.RunField("interval_end")),
        TestWorkflows.object("from", str, "to", str), null).build();
    return new CompiledWorkflow(base.name(), null, schedule, base.tasks(), base.topologicalOrder(), base.contentHash());
  }

  @Test
  void startRun_bindsTheGivenInterval_intoInputsAndLaunch() {
    h.snapshots.register(wf(null), h.clock.now());
    var run = h.engine.startRun(new NewRun("daily", null, "test", null, null,
        Instant.parse("2025-12-30T00:00:00Z"), Instant.parse("2025-12-31T00:00:00Z")));
    h.deliverDue();
    assertThat(h.run(run.runId()).intervalStart()).isEqualTo(Instant.parse("2025-12-30T00:00:00Z"));
    var launch = h.executor.launches().get(0);
    assertThat(launch.input().get("from").textValue()).isEqualTo("2025-12-30T00:00:00Z");
    assertThat(launch.input().get("to").textValue()).isEqualTo("2025-12-31T00:00:00Z");
    assertThat(launch.intervalEnd()).isEqualTo(Instant.parse("2025-12-31T00:00:00Z"));
  }

  @Test
  void manualRun_ofScheduledWorkflow_getsTheLastCompleteInterval() {
    h.clock.advance(java.time.Duration.ofHours(30)); // 2026-01-02T06:00Z
    h.snapshots.register(wf("0 0 * * *"), h.clock.now());
    var run = h.engine.startRun(new NewRun("daily", null, "test", null, null));
    assertThat(run.intervalStart()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(run.intervalEnd()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
  }

  @Test
  void manualRun_ofUnscheduledWorkflow_getsAnEmptyIntervalAtNow() {
    h.snapshots.register(wf(null), h.clock.now());
    var run = h.engine.startRun(new NewRun("daily", null, "test", null, null));
    assertThat(run.intervalStart()).isEqualTo(h.clock.now()).isEqualTo(run.intervalEnd());
  }

  @Test
  void startRun_refusesHalfAnInterval_orAReversedOne() {
    h.snapshots.register(wf(null), h.clock.now());
    var t = Instant.parse("2026-01-01T00:00:00Z");
    assertThatThrownBy(() -> h.engine.startRun(new NewRun("daily", null, "test", null, null, t, null)))
        .isInstanceOf(EngineException.class).hasMessageContaining("both interval start and interval end");
    assertThatThrownBy(() -> h.engine.startRun(new NewRun("daily", null, "test", null, null, t.plusSeconds(1), t)))
        .isInstanceOf(EngineException.class).hasMessageContaining("is after interval end");
  }
}
