package dev.ork.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.TestWorkflows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random DAGs, random outcomes, random delivery order with duplicates: the engine's invariants hold.
 */
class EnginePropertiesTest {

  record Dag(List<List<Integer>> deps, List<Integer> retries) {}

  @Provide
  Arbitrary<Dag> dags() {
    return Arbitraries.integers().between(1, 9).flatMap(n -> Arbitraries.longs().map(seed -> {
      var r = new Random(seed);
      var deps = new ArrayList<List<Integer>>();
      var retries = new ArrayList<Integer>();
      for (int i = 0; i < n; i++) {
        var d = new ArrayList<Integer>();
        for (int j = 0; j < i; j++) if (r.nextInt(100) < 35) d.add(j);
        deps.add(d);
        retries.add(r.nextInt(3));
      }
      return new Dag(deps, retries);
    }));
  }

  @Property(tries = 1_000)
  void randomRuns_respectDependencies_terminate_boundAttempts_andIgnoreReplays(
      @ForAll("dags") Dag dag, @ForAll long seed, @ForAll boolean serverless) {
    var random = new Random(seed);
    // serverless: dependents launched inline, deadline timers, and each claim recording the attempt
    // RUNNING, as the Lambda wiring runs Lambda tasks (the harness's tasks stand in for them)
    var h = serverless
        ? new EngineHarness(new dev.ork.core.testing.InMemoryRunStore(),
            dev.ork.core.engine.EngineSettings.serverless().withRunningAtClaim(java.util.Set.of("process")))
        : new EngineHarness();
    var builder = TestWorkflows.named("p");
    for (int i = 0; i < dag.deps().size(); i++) {
      builder.task("t" + i, dag.retries().get(i), Duration.ofSeconds(30),
          dag.deps().get(i).stream().map(j -> "t" + j).toArray(String[]::new));
    }
    var wf = builder.build();
    var launched = new HashSet<String>();
    var violations = new ArrayList<String>();
    var inFlight = new ArrayList<TaskLaunch>();
    h.executor.onLaunch(l -> {
      var ct = wf.requireTask(l.task().name());
      for (var d : ct.dependsOn()) {
        if (h.task(l.runId(), d).status() != TaskStatus.SUCCEEDED) violations.add(l.attemptId() + " started before " + d);
      }
      if (l.attempt() > ct.maxAttempts()) violations.add(l.attemptId() + " exceeds attempts");
      if (!launched.add(l.attemptId())) violations.add(l.attemptId() + " launched twice");
      inFlight.add(l);
      return true;
    });
    var run = h.start(wf);

    for (int step = 0; step < 5_000 && !h.run(run.runId()).status().isTerminal(); step++) {
      int action = random.nextInt(10);
      if (action < 4 && (h.dispatch.waiting() > 0 || h.status.waiting() > 0) && deliverOne(h, random)) continue;
      if (action < 8 && !inFlight.isEmpty()) {
        var l = inFlight.remove(random.nextInt(inFlight.size()));
        int outcome = random.nextInt(10);
        if (outcome < 6) h.status.send(StatusUpdate.succeeded(l.runId(), l.task().name(), l.attempt(), null, h.clock.now()));
        else if (outcome < 9) h.status.send(StatusUpdate.failed(l.runId(), l.task().name(), l.attempt(), "x", h.clock.now()));
        // else: the attempt never reports; its deadline fails it
        continue;
      }
      if (action == 8 && !h.delivered.isEmpty()) {
        h.redeliver(h.delivered.get(random.nextInt(h.delivered.size())));
        continue;
      }
      if (!deliverOne(h, random) && !h.advanceToNext()) {
        h.clock.advance(Duration.ofSeconds(31)); // nothing queued: let the sweep find what the deadlines left
        h.engine.control().sweep(100);
      }
    }

    assertThat(violations).isEmpty();
    var finished = h.run(run.runId());
    assertThat(finished.status().isTerminal()).as("run reached a terminal state").isTrue();
    var tasks = h.runs.tasks(run.runId());
    assertThat(tasks).allSatisfy(t -> {
      assertThat(t.status().isTerminal()).isTrue();
      assertThat(t.attempt()).isLessThanOrEqualTo(t.maxAttempts());
    });
    boolean allSucceeded = tasks.stream().allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
    assertThat(finished.status()).isEqualTo(allSucceeded ? RunStatus.SUCCEEDED : RunStatus.FAILED);
    assertThat(finished.tasksTerminal()).isEqualTo(tasks.size());

    List<TaskRun> before = h.runs.tasks(run.runId());
    var replay = new ArrayList<>(h.delivered);
    java.util.Collections.shuffle(replay, random);
    replay.forEach(h::redeliver);
    assertThat(h.runs.tasks(run.runId())).isEqualTo(before);
    assertThat(h.run(run.runId())).isEqualTo(finished);
  }

  private static boolean deliverOne(EngineHarness h, Random random) {
    var s = h.status.takeDue(random);
    if (s != null) {
      h.delivered.add(s);
      h.engine.onStatus(s);
      return true;
    }
    var d = h.dispatch.takeDue(random);
    if (d != null) {
      h.delivered.add(d);
      h.engine.dispatch(d);
      return true;
    }
    return false;
  }
}
