package dev.ork.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.RunTransitions;
import dev.ork.core.run.StateMachine;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.run.TaskTransitions;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.testing.TestWorkflows;
import dev.ork.core.testing.TransitionRecorder;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Drives the engine through a battery of scenarios and checks, against the transition tables, that
 * every legal transition was exercised and that the engine made no transition the tables forbid.
 */
class TransitionCoverageTest {
  private final Set<StateMachine.Transition<TaskStatus>> taskSeen = new HashSet<>();
  private final Set<StateMachine.Transition<RunStatus>> runSeen = new HashSet<>();

  @Test
  void engine_exercisesEveryLegalTransition_andNoOther() {
    scenario(h -> { // chain success, failure propagation
      var run = h.start(TestWorkflows.named("a").task("a").task("b", "a").task("c").task("d", "c").build());
      h.deliverDue();
      h.succeed(run.runId(), "a", null);
      h.succeed(run.runId(), "b", null);
      h.fail(run.runId(), "c", "boom");
    });
    scenario(EngineSettings.serverless(), h -> { // dependents claimed from PENDING and launched inline
      var run = h.start(TestWorkflows.named("i").task("a").task("b", "a").build());
      h.deliverDue();
      h.succeed(run.runId(), "a", null);
      h.succeed(run.runId(), "b", null);
    });
    scenario(EngineSettings.serverless().withRunningAtClaim(Set.of("process")), h -> { // claimed RUNNING (Lambda-like)
      var run = h.start(TestWorkflows.named("l").task("a", 1, Duration.ofSeconds(60)).task("b", "a")
          .task("c", 0, Duration.ofSeconds(60)).build());
      h.executor.failNextLaunch("a", "throttled", true);
      h.executor.failNextLaunch("c", "missing", false);
      h.deliverDue(); // a: PENDING → RUNNING (a root sent pending), launch fails → RETRY_WAIT; c: → RUNNING → FAILED
      while (h.task(run.runId(), "a").status() != TaskStatus.RUNNING) h.advanceToNext(); // RETRY_WAIT → RUNNING
      h.succeed(run.runId(), "a", null); // b: PENDING → RUNNING inline
      h.succeed(run.runId(), "b", null);
    });
    scenario(EngineSettings.serverless().withRunningAtClaim(Set.of("process")), h -> { // a wide release is queued: QUEUED → RUNNING
      var wide = TestWorkflows.named("w").task("a");
      for (int i = 0; i <= DecideRun.INLINE_LAUNCH_MAX; i++) wide.task("d" + i, 0, Duration.ofSeconds(60), "a");
      var run = h.start(wide.build());
      h.deliverDue();
      h.succeed(run.runId(), "a", null);
      h.deliverDue();
    });
    scenario(h -> { // retry after failure, then timeout without retries
      var run = h.start(TestWorkflows.named("b").task("r", 1, null).task("t", 0, Duration.ofSeconds(1)).build());
      h.deliverDue();
      h.fail(run.runId(), "r", "x");
      h.advanceToNext();
      h.advanceToNext();
    });
    scenario(h -> { // launch failures: retryable, then permanent
      var run = h.start(TestWorkflows.named("c").task("a", 1, null).task("b").build());
      h.executor.failNextLaunch("a", "throttled", true);
      h.executor.failNextLaunch("b", "missing", false);
      h.deliverDue();
      h.advanceToNext();
      h.succeed(run.runId(), "a", null);
    });
    scenario(h -> { // the attempt reports before the launch is recorded
      var wf = TestWorkflows.named("d").task("fast").build();
      h.executor.onLaunch(l -> {
        h.engine.onStatus(StatusUpdate.succeeded(l.runId(), l.task().name(), l.attempt(), null, h.clock.now()));
        return true;
      });
      h.start(wf);
      h.deliverDue();
    });
    scenario(h -> { // cancel while launching
      var wf = TestWorkflows.named("e").task("a").build();
      h.executor.onLaunch(l -> {
        h.engine.control().cancel(l.runId(), "now");
        return true;
      });
      h.start(wf);
      h.deliverDue();
    });
    scenario(h -> { // cancel with tasks running, queued (paused run), pending and in retry wait
      var run = h.start(TestWorkflows.named("f").task("run").task("q").task("p", "q").task("w", 1, null).build());
      h.deliverDue();
      h.fail(run.runId(), "w", "x");
      h.engine.control().pause(run.runId());
      h.succeed(run.runId(), "q", null);
      h.engine.control().resume(run.runId());
      h.engine.control().pause(run.runId());
      h.engine.control().cancel(run.runId(), "stop");
    });
    scenario(h -> { // a pending run paused, resumed, completed while paused; another cancelled while pending
      var wf = TestWorkflows.named("g").task("a").build();
      h.snapshots.register(wf, h.clock.now());
      var run = h.runs.createRun(new Run("pending-1", "g", wf.contentHash(), RunStatus.PENDING, "t", null, null, 1, 0, 0,
          null, h.clock.now(), null, null), java.util.List.of(TaskRun.pending("pending-1", "a", 1)));
      h.engine.control().pause(run.runId());
      h.engine.control().resume(run.runId());
      h.deliverDue();
      h.engine.control().pause(run.runId());
      h.fail(run.runId(), "a", "x");
      h.runs.createRun(new Run("pending-2", "g", wf.contentHash(), RunStatus.PENDING, "t", null, null, 1, 0, 0,
          null, h.clock.now(), null, null), java.util.List.of(TaskRun.pending("pending-2", "a", 1)));
      h.engine.control().cancel("pending-2", "never mind");
    });
    scenario(h -> { // deferred jobs: success, failure with a retry, failure without, timeout, cancel
      var run = h.start(TestWorkflows.named("i").task("ok").task("retry", 1, null).task("fail").task("slow", 0, Duration.ofSeconds(5))
          .task("stop").build());
      h.deliverDue();
      for (var t : new String[] {"ok", "retry", "fail", "slow", "stop"}) {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        out.putArray("deferred").addObject().put("service_type", "scripted").put("job_id", t);
        h.succeed(run.runId(), t, out);
      }
      h.tracker.answer("ok", new dev.ork.core.port.JobTracker.Poll.Completed());
      h.tracker.answer("retry", new dev.ork.core.port.JobTracker.Poll.Failed("x"));
      h.tracker.answer("fail", new dev.ork.core.port.JobTracker.Poll.Failed("x"));
      h.triggerer.pollDue(10);
      h.deliverDue();
      h.clock.advance(Duration.ofSeconds(5));
      h.deliverDue();
      h.engine.control().cancel(run.runId(), "done");
      var late = h.start(TestWorkflows.named("j").task("fast").build());
      h.executor.onLaunch(l -> {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        out.putArray("deferred").addObject().put("service_type", "scripted").put("job_id", "early");
        h.engine.onStatus(StatusUpdate.succeeded(l.runId(), l.task().name(), l.attempt(), out, h.clock.now()));
        return true;
      });
      h.deliverDue();
    });
    scenario(h -> { // foreach: expanded, an empty list, a list over the limit
      var lists = java.util.List.of(java.util.List.of(1), java.util.List.<Integer>of(),
          java.util.stream.IntStream.range(0, dev.ork.core.workflow.Foreach.MAX_INSTANCES + 1).boxed().toList());
      for (var xs : lists) {
        var run = h.start(dev.ork.core.testing.FanoutWorkflows.mapReduce(null, 0));
        h.deliverDue();
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        xs.forEach(out.putArray("xs")::add);
        h.succeed(run.runId(), "list", out);
      }
    });
    scenario(h -> { // rerun: failed, timed-out, cancelled and upstream-failed tasks; a succeeded task named
      var run = h.start(TestWorkflows.named("k").task("f").task("u", "f").task("t", 0, Duration.ofSeconds(1)).build());
      h.deliverDue();
      h.fail(run.runId(), "f", "boom");
      h.advanceToNext();
      h.engine.control().rerun(run.runId(), null, false, null);
      h.deliverDue();
      h.succeed(run.runId(), "f", null);
      h.succeed(run.runId(), "u", null);
      h.succeed(run.runId(), "t", null);
      h.engine.control().rerun(run.runId(), "f", true, null);
      var cancelled = h.start(TestWorkflows.named("l").task("a").build());
      h.engine.control().cancel(cancelled.runId(), "stop");
      h.engine.control().rerun(cancelled.runId(), null, false, null);
    });
    scenario(h -> { // paused run whose last task succeeds
      var run = h.start(TestWorkflows.named("h").task("a").build());
      h.deliverDue();
      h.engine.control().pause(run.runId());
      h.succeed(run.runId(), "a", null);
    });

    var taskTable = pairs(TaskTransitions.TABLE);
    var runTable = pairs(RunTransitions.TABLE);
    assertThat(taskSeen).as("task transitions the engine made that the table forbids").isSubsetOf(taskTable);
    assertThat(runSeen).as("run transitions the engine made that the table forbids").isSubsetOf(runTable);
    assertThat(difference(taskTable, taskSeen)).as("legal task transitions never exercised").isEmpty();
    assertThat(difference(runTable, runSeen)).as("legal run transitions never exercised").isEmpty();
  }

  private void scenario(Consumer<EngineHarness> body) {
    scenario(EngineSettings.defaults().withBackoff(Backoff.standard()), body);
  }

  private void scenario(EngineSettings settings, Consumer<EngineHarness> body) {
    var recorder = new TransitionRecorder(new InMemoryRunStore());
    var h = new EngineHarness(recorder, settings);
    body.accept(h);
    recorder.tasks.stream().filter(t -> t.from() != null).forEach(taskSeen::add);
    recorder.runs.stream().filter(t -> t.from() != null).forEach(runSeen::add);
  }

  private static <S extends Enum<S>> Set<StateMachine.Transition<S>> pairs(StateMachine<S, ?> table) {
    return table.transitions().stream().map(t -> new StateMachine.Transition<>(t.from(), t.to(), ""))
        .collect(Collectors.toSet());
  }

  private static <T> Set<T> difference(Set<T> a, Set<T> b) {
    var out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }
}
