package dev.ork.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.FanoutWorkflows;
import dev.ork.core.testing.InMemoryRunStore;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random DAGs with foreach nodes, random list sizes and per-attempt outcomes: delivered in random
 * order with duplicates and replays, a run ends in the same final state as a sequential reference run
 * of the same workflow and outcomes.
 */
class FanoutPropertiesTest {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;

  /** A workflow and the seed that decides each list's size and each attempt's outcome. */
  record Case(String yaml, long outcomes) {}

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.integers().between(2, 7).flatMap(n -> Arbitraries.longs().map(seed -> {
      var r = new Random(seed);
      var yaml = new StringBuilder("name: p\ntasks:\n");
      var lists = new ArrayList<Integer>(); // tasks that output {xs: [int]}
      for (int i = 0; i < n; i++) {
        var deps = new ArrayList<String>();
        for (int j = 0; j < i; j++) if (r.nextInt(100) < 40) deps.add("t" + j);
        var listDeps = deps.stream().filter(d -> lists.contains(Integer.parseInt(d.substring(1)))).toList();
        boolean foreach = !listDeps.isEmpty() && r.nextBoolean();
        yaml.append("  t").append(i).append(":\n    executor: process\n    command: 'true'\n    timeout: 0\n    retries: ")
            .append(r.nextInt(3)).append('\n');
        if (!deps.isEmpty()) yaml.append("    depends_on: [").append(String.join(", ", deps)).append("]\n");
        if (foreach) {
          yaml.append("    foreach: {ref: tasks.").append(listDeps.get(r.nextInt(listDeps.size()))).append(".output.xs}\n");
          if (r.nextBoolean()) yaml.append("    max_concurrency: ").append(1 + r.nextInt(3)).append('\n');
          yaml.append("    input_type: {x: int, i: int}\n    inputs: {x: {ref: item}, i: {ref: item_index}}\n")
              .append("    output_type: int\n");
        } else {
          yaml.append("    output_type: {xs: [int]}\n");
          lists.add(i);
        }
      }
      return new Case(yaml.toString(), r.nextLong());
    }));
  }

  @Property(tries = 300)
  void shuffledDuplicatedDelivery_endsAsTheSequentialReference(@ForAll("cases") Case c, @ForAll long deliverySeed,
      @ForAll boolean serverless) {
    var wf = FanoutWorkflows.compile(c.yaml());
    var reference = run(wf, c.outcomes(), null, false);
    var shuffled = run(wf, c.outcomes(), new Random(deliverySeed), serverless);
    assertThat(shuffled).as(c.yaml()).isEqualTo(reference);
  }

  /** Runs the workflow to its end; returns each task's final (status, attempt, output). */
  private static Map<String, String> run(CompiledWorkflow wf, long outcomes, Random random, boolean serverless) {
    var h = serverless ? new EngineHarness(new InMemoryRunStore(), EngineSettings.serverless()) : new EngineHarness();
    var inFlight = new ArrayList<TaskLaunch>();
    var violations = new ArrayList<String>();
    var runId = h.start(wf).runId();
    h.executor.onLaunch(l -> { // max_concurrency: no more instances of one task in flight than its lanes
      if (l.task().isInstance()) {
        var parent = dev.ork.core.workflow.Instances.parentOf(l.task().name());
        int lanes = wf.requireTask(parent).foreach().lanes(h.task(runId, parent).instances());
        long busy = h.runs.instances(runId, parent).stream().filter(t -> !t.status().isTerminal()
            && t.status() != dev.ork.core.run.TaskStatus.PENDING).count();
        if (busy > lanes) violations.add(l.attemptId() + ": " + busy + " instances busy, max " + lanes);
      }
      return inFlight.add(l);
    });
    for (int step = 0; step < 20_000 && !h.run(runId).status().isTerminal(); step++) {
      int action = random == null ? 0 : random.nextInt(10);
      if (action < 5 && deliver(h, random)) continue;
      if (!inFlight.isEmpty() && action < 9) {
        var l = inFlight.remove(random == null ? 0 : random.nextInt(inFlight.size()));
        h.status.send(outcome(l, outcomes, h));
        continue;
      }
      if (random != null && !h.delivered.isEmpty()) h.redeliver(h.delivered.get(random.nextInt(h.delivered.size())));
      if (!deliver(h, random) && !h.advanceToNext()) {
        h.clock.advance(Duration.ofMinutes(1));
        h.engine.control().sweep(100);
      }
    }
    assertThat(h.run(runId).status().isTerminal()).as("the run ended").isTrue();
    assertThat(violations).isEmpty();
    var rows = h.runs.tasks(runId);
    assertThat(rows).allSatisfy(t -> assertThat(t.status().isTerminal()).isTrue());
    assertThat(h.run(runId).taskCount()).isEqualTo(rows.size());
    for (var ct : wf.tasks()) { // a foreach that succeeded holds 10 × each element of its list, in order
      var row = h.task(runId, ct.name());
      if (ct.foreach() == null || row.status() != dev.ork.core.run.TaskStatus.SUCCEEDED) continue;
      var expected = J.arrayNode();
      h.task(runId, ct.foreach().list().task()).output().get("xs").forEach(x -> expected.add(x.asInt() * 10));
      assertThat(row.output()).isEqualTo(expected);
    }
    if (random != null) new ArrayList<>(h.delivered).forEach(h::redeliver);
    var state = new TreeMap<String, String>();
    for (var t : h.runs.tasks(runId)) state.put(t.taskName(), t.status() + "@" + t.attempt() + " " + t.output());
    state.put("(run)", h.run(runId).status() + " " + h.run(runId).tasksTerminal() + "/" + h.run(runId).taskCount());
    return state;
  }

  /** Fixed by (task, attempt): a list task outputs a list of 0..4 ints, an instance 10 × its element. */
  private static StatusUpdate outcome(TaskLaunch l, long outcomes, EngineHarness h) {
    var name = l.task().name();
    long hash = new Random(outcomes ^ (name.hashCode() * 31L + l.attempt())).nextLong();
    if (Math.floorMod(hash, 4) == 0) return StatusUpdate.failed(l.runId(), name, l.attempt(), "x", h.clock.now());
    JsonNode output;
    if (l.task().isInstance()) {
      output = J.numberNode(l.input().get("x").asInt() * 10);
    } else {
      var xs = J.arrayNode();
      var sizes = new Random(outcomes ^ name.hashCode());
      for (int i = sizes.nextInt(5); i > 0; i--) xs.add(sizes.nextInt(100));
      output = J.objectNode().set("xs", xs);
    }
    return StatusUpdate.succeeded(l.runId(), name, l.attempt(), output, h.clock.now());
  }

  private static boolean deliver(EngineHarness h, Random random) {
    var s = h.status.takeDue(random);
    if (s != null) {
      h.delivered.add(s);
      h.engine.onStatus(s);
      return true;
    }
    var d = h.dispatch.takeDue(random);
    if (d == null) return false;
    h.delivered.add(d);
    h.engine.dispatch(d);
    return true;
  }
}
