package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.TaskPatch;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.testing.TestWorkflows;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A timeout no longer than the launch grace runs from the claim, so recording the launch leaves the
 * deadline alone (on DynamoDB that saves moving the deadline index entry); a longer one runs from the launch.
 */
class ClaimWindowTest {
  @Test
  void shortTimeout_runsFromTheClaim_andTheLaunchKeepsTheDeadline() {
    var h = new EngineHarness(new InMemoryRunStore(), EngineSettings.serverless());
    var run = h.start(TestWorkflows.named("s").task("a", 0, Duration.ofSeconds(60)).build());
    var claimedAt = h.clock.now();
    h.executor.onLaunch(l -> takes(h, Duration.ofSeconds(2)));
    h.deliverDue();
    var t = h.task(run.runId(), "a");
    assertThat(t.status()).isEqualTo(RUNNING);
    assertThat(t.deadline()).isEqualTo(claimedAt.plusSeconds(60));
  }

  @Test
  void longTimeout_runsFromTheLaunch() {
    var h = new EngineHarness(new InMemoryRunStore(), EngineSettings.serverless());
    var run = h.start(TestWorkflows.named("l").task("a", 0, Duration.ofHours(2)).build());
    h.executor.onLaunch(l -> takes(h, Duration.ofSeconds(2)));
    h.deliverDue();
    assertThat(h.task(run.runId(), "a").deadline()).isEqualTo(h.clock.now().plus(Duration.ofHours(2)));
  }

  @Test
  void stuckClaim_ofAShortTimeoutTask_failsAfterItsTimeout() {
    var h = new EngineHarness(new InMemoryRunStore(), EngineSettings.serverless());
    var run = h.start(TestWorkflows.named("k").task("a", 1, Duration.ofSeconds(30)).build());
    h.dispatch.takeDue(null); // a dispatcher claims the root (sent pending), then dies before launching
    h.runs.transitionTask(run.runId(), "a", Set.of(PENDING), 0,
        TaskPatch.to(DISPATCHED).attempt(1).deadline(h.clock.now().plusSeconds(30)));
    h.clock.advance(Duration.ofSeconds(31));
    h.engine.control().sweep(10);
    h.deliverDue();
    var t = h.task(run.runId(), "a");
    assertThat(t.status()).isEqualTo(RETRY_WAIT);
    assertThat(t.error()).isEqualTo("launch did not complete within 30s");
  }

  /** Launching "takes" {@code d}: the harness clock advances inside the launch. */
  private static boolean takes(EngineHarness h, Duration d) {
    h.clock.advance(d);
    return true;
  }
}
