package dev.ork.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.testing.TestWorkflows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A run fails, is rerun, and every message delivered before the rerun arrives again, duplicated and
 * in random order, interleaved with the rerun's own: tasks that succeeded before are never launched
 * again, no attempt launches twice, and the run ends succeeded.
 */
class RedrivePropertiesTest {

  @Property(tries = 300)
  void rerun_withStaleDuplicatesAndReorders_runsOnlyWhatFailed(
      @ForAll @IntRange(min = 2, max = 7) int n, @ForAll long seed, @ForAll boolean serverless) {
    var random = new Random(seed);
    var h = serverless ? new EngineHarness(new InMemoryRunStore(), EngineSettings.serverless()) : new EngineHarness();
    var b = TestWorkflows.named("p");
    for (int i = 0; i < n; i++) {
      var deps = new ArrayList<String>();
      for (int j = 0; j < i; j++) if (random.nextInt(100) < 40) deps.add("t" + j);
      b.task("t" + i, deps.toArray(String[]::new));
    }
    var wf = b.build();
    int failing = random.nextInt(n);
    var launches = new HashMap<String, Integer>();
    var pending = new ArrayList<dev.ork.core.port.TaskLaunch>();
    h.executor.onLaunch(l -> {
      launches.merge(l.attemptId(), 1, Integer::sum);
      pending.add(l);
      return true;
    });
    var run = h.start(wf);
    boolean[] fixed = {false};
    Runnable drive = () -> {
      for (int step = 0; step < 1_000 && !h.run(run.runId()).status().isTerminal(); step++) {
        h.deliverDue(random);
        if (pending.isEmpty()) continue;
        var l = pending.remove(random.nextInt(pending.size()));
        boolean fail = !fixed[0] && l.task().name().equals("t" + failing);
        h.status.send(fail ? StatusUpdate.failed(l.runId(), l.task().name(), l.attempt(), "bug", h.clock.now())
            : StatusUpdate.succeeded(l.runId(), l.task().name(), l.attempt(), null, h.clock.now()));
      }
    };
    drive.run();
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.FAILED);
    var succeededBefore = h.runs.tasks(run.runId()).stream().filter(t -> t.status() == TaskStatus.SUCCEEDED)
        .map(t -> t.taskName()).toList();
    var stale = new ArrayList<>(h.delivered);
    fixed[0] = true;
    h.engine.control().rerun(run.runId(), null, false, null);
    if (random.nextBoolean()) h.engine.control().rerun(run.runId(), null, false, null);
    var replay = new ArrayList<>(stale);
    replay.addAll(stale);
    Collections.shuffle(replay, random);
    for (var m : replay) {
      h.redeliver(m);
      if (random.nextInt(4) == 0) h.deliverDue(random);
    }
    drive.run();
    assertThat(h.run(run.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(launches.values()).allMatch(c -> c == 1);
    for (var t : succeededBefore) {
      assertThat(launches.keySet().stream().filter(k -> k.startsWith(run.runId() + ":" + t + ":"))).hasSize(1);
    }
    assertThat(h.task(run.runId(), "t" + failing).attempt()).isEqualTo(2);
    var before = h.runs.tasks(run.runId());
    for (var m : new ArrayList<>(h.delivered)) h.redeliver(m);
    h.deliverDue();
    assertThat(h.runs.tasks(run.runId())).isEqualTo(before);
  }
}
