package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.RunStore;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.testing.TestWorkflows;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Serverless settings: a dependent made ready by a finishing task is claimed from PENDING and launched inline. */
class InlineLaunchTest {

  @Test
  void readyDependent_isClaimedFromPendingAndLaunched_withoutADispatchMessage() {
    var h = new EngineHarness(new InMemoryRunStore(), EngineSettings.serverless());
    var run = h.start(TestWorkflows.named("i").task("a").task("b", "a").build());
    h.deliverDue();
    int sent = h.dispatch.sent().size();
    h.succeed(run.runId(), "a", null);
    assertThat(h.task(run.runId(), "b").status()).isEqualTo(RUNNING);
    assertThat(h.task(run.runId(), "b").queuedAt()).isNotNull();
    assertThat(h.dispatch.sent().size()).isEqualTo(sent);
    assertThat(h.executor.launchedTasks()).containsExactly("a", "b");
  }

  @Test
  void duplicateReport_launchesTheDependentOnce() {
    var h = new EngineHarness(new InMemoryRunStore(), EngineSettings.serverless());
    var run = h.start(TestWorkflows.named("d").task("a").task("b", "a").build());
    h.deliverDue();
    var report = StatusUpdate.succeeded(run.runId(), "a", 1, null, h.clock.now());
    h.engine.onStatus(report);
    h.engine.onStatus(report);
    h.deliverDue();
    assertThat(h.executor.launchedTasks()).containsExactly("a", "b");
  }

  @Test
  void claimThatThrows_fallsBackToQueueingTheDependent() {
    var throwOnce = new AtomicInteger(1);
    var h = new EngineHarness(failingInlineClaim(new InMemoryRunStore(), throwOnce), EngineSettings.serverless());
    var run = h.start(TestWorkflows.named("f").task("a").task("b", "a").build());
    h.deliverDue();
    h.status.send(StatusUpdate.succeeded(run.runId(), "a", 1, null, h.clock.now()));
    h.engine.onStatus(h.status.takeDue(null));
    assertThat(h.task(run.runId(), "b").status()).isEqualTo(QUEUED);
    h.deliverDue();
    h.succeed(run.runId(), "b", null);
    assertThat(h.executor.launchedTasks()).containsExactly("a", "b");
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void inlineLaunchThatThrows_isARetryableLaunchFailure_asForAQueuedLaunch() {
    var inline = launchThrowingDependent(EngineSettings.serverless(), 1);
    var queued = launchThrowingDependent(EngineSettings.defaults(), 1);
    for (var started : List.of(inline, queued)) {
      var h = started.h();
      var runId = started.runId();
      var b = h.task(runId, "b");
      assertThat(b.status()).as("not left DISPATCHED for the launch grace").isEqualTo(RETRY_WAIT);
      assertThat(b.attempt()).isEqualTo(2);
      assertThat(b.error()).isEqualTo("launch failed: java.lang.IllegalStateException: sdk blew up");
      assertThat(h.dispatch.sent()).contains(new DispatchMessage(runId, "b", 2));
      h.advanceToNext();
      h.succeed(runId, "b", null);
      assertThat(h.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }

  @Test
  void inlineLaunchThatThrows_withNoRetryLeft_failsTheTaskAndTheRun() {
    var started = launchThrowingDependent(EngineSettings.serverless(), 0);
    assertThat(started.h().task(started.runId(), "b").status()).isEqualTo(FAILED);
    assertThat(started.h().run(started.runId()).status()).isEqualTo(RunStatus.FAILED);
  }

  private record Started(EngineHarness h, String runId) {}

  /** a → b, where b's first launch throws an unexpected error after its claim; a has succeeded. */
  private static Started launchThrowingDependent(EngineSettings settings, int retriesOfB) {
    var h = new EngineHarness(new InMemoryRunStore(), settings.withBackoff(Backoff.standard()));
    var run = h.start(TestWorkflows.named("t").task("a").task("b", retriesOfB, null, "a").build());
    h.executor.throwOnNextLaunch("b", new IllegalStateException("sdk blew up"));
    h.deliverDue();
    h.succeed(run.runId(), "a", null);
    h.deliverDue();
    return new Started(h, run.runId());
  }

  /** Throws (as a throttled request would) on the first PENDING → DISPATCHED claim of a dependent (b). */
  private static RunStore failingInlineClaim(RunStore store, AtomicInteger left) {
    return (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(), new Class<?>[] {RunStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("transitionTask") && "b".equals(args[1]) && ((Set<?>) args[2]).contains(PENDING)
              && ((TaskPatch) args[4]).status() == TaskStatus.DISPATCHED && left.getAndDecrement() > 0) {
            throw new IllegalStateException("throttled");
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
