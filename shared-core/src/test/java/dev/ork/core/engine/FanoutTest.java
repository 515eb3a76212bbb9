package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ork.core.run.RunStatus;
import dev.ork.core.testing.EngineHarness;
import dev.ork.core.testing.FanoutWorkflows;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FanoutTest {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;
  private final EngineHarness h = new EngineHarness();

  private static JsonNode list(int... xs) {
    var a = J.arrayNode();
    for (int x : xs) a.add(x);
    return J.objectNode().set("xs", a);
  }

  private long running() {
    return h.executor.launches().stream().map(l -> l.task().name()).distinct()
        .filter(n -> !h.task(runId, n).status().isTerminal()).count();
  }

  private String runId;

  @Test
  void foreach_runsOneInstancePerElement_inLanesOfMaxConcurrency_andCombinesOutputsInOrder() {
    runId = h.start(FanoutWorkflows.mapReduce(2, 0)).runId();
    h.deliverDue();
    h.succeed(runId, "list", list(3, 1, 4, 1, 5));
    assertThat(h.task(runId, "square").status()).isEqualTo(RUNNING);
    assertThat(h.task(runId, "square").instances()).isEqualTo(5);
    assertThat(h.executor.launchedTasks()).containsExactly("list", "square[0]", "square[1]");
    var first = h.executor.launches().get(1).input();
    assertThat(first.toString()).isEqualTo("{\"i\":0,\"x\":3}");
    // square[1] ends first: its lane's next (square[3]) starts, square[0]'s lane waits
    h.succeed(runId, "square[1]", J.numberNode(1));
    assertThat(h.executor.launchedTasks()).endsWith("square[3]");
    assertThat(running()).isEqualTo(2);
    for (int i : new int[] {0, 3, 2, 4}) {
      h.succeed(runId, "square[" + i + "]", J.numberNode(h.executor.launches().stream()
          .filter(l -> l.task().name().equals("square[" + i + "]")).findFirst().orElseThrow().input().get("x").asInt() * 10));
      assertThat(running()).isLessThanOrEqualTo(2);
    }
    assertThat(h.task(runId, "square").status()).isEqualTo(SUCCEEDED);
    assertThat(h.task(runId, "square").output().toString()).isEqualTo("[30,1,40,10,50]");
    assertThat(h.executor.launches().getLast().input().toString()).isEqualTo("{\"squares\":[30,1,40,10,50]}");
    h.succeed(runId, "total", null);
    var run = h.run(runId);
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.taskCount()).isEqualTo(8);
    assertThat(run.tasksTerminal()).isEqualTo(8);
  }

  @Test
  void emptyList_succeedsWithAnEmptyList_andRunsNoInstance() {
    runId = h.start(FanoutWorkflows.mapReduce(3, 0)).runId();
    h.deliverDue();
    h.succeed(runId, "list", list());
    assertThat(h.task(runId, "square").status()).isEqualTo(SUCCEEDED);
    assertThat(h.task(runId, "square").output().toString()).isEqualTo("[]");
    assertThat(h.executor.launches().getLast().input().toString()).isEqualTo("{\"squares\":[]}");
  }

  @Test
  void instanceFailingAfterItsRetries_failsTheForeach_dependentsUpstreamFailed_othersStillRun() {
    runId = h.start(FanoutWorkflows.mapReduce(null, 1)).runId();
    h.deliverDue();
    h.succeed(runId, "list", list(1, 2, 3));
    h.fail(runId, "square[1]", "boom");
    assertThat(h.task(runId, "square[1]").status()).isEqualTo(RETRY_WAIT);
    h.advanceToNext();
    assertThat(h.executor.launchedTasks().stream().filter("square[1]"::equals)).hasSize(2);
    h.fail(runId, "square[1]", "boom again");
    assertThat(h.task(runId, "square[1]").status()).isEqualTo(FAILED);
    assertThat(h.task(runId, "square").status()).isEqualTo(FAILED);
    assertThat(h.task(runId, "square").error()).contains("square[1]");
    assertThat(h.task(runId, "total").status()).isEqualTo(UPSTREAM_FAILED);
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.RUNNING); // square[0] and [2] still run
    h.succeed(runId, "square[0]", J.numberNode(1));
    h.succeed(runId, "square[2]", J.numberNode(9));
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void cancel_duringFanOut_cancelsEveryInstance_andStopsThoseInFlight() {
    runId = h.start(FanoutWorkflows.mapReduce(2, 0)).runId();
    h.deliverDue();
    h.succeed(runId, "list", list(1, 2, 3, 4));
    h.engine.control().cancel(runId, "stop");
    for (var name : List.of("square", "square[0]", "square[1]", "square[2]", "square[3]", "total")) {
      assertThat(h.task(runId, name).status()).as(name).isEqualTo(CANCELLED);
    }
    assertThat(h.executor.stops()).extracting(s -> s.taskName()).containsExactlyInAnyOrder("square[0]", "square[1]");
    h.succeed(runId, "square[0]", J.numberNode(1)); // a late report changes nothing
    assertThat(h.task(runId, "square[0]").status()).isEqualTo(CANCELLED);
    assertThat(h.executor.launchedTasks()).doesNotContain("square[2]");
    assertThat(h.run(runId).status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void duplicatedAndReplayedReports_countEachInstanceOnce() {
    runId = h.start(FanoutWorkflows.mapReduce(1, 0)).runId();
    h.deliverDue();
    h.succeed(runId, "list", list(5, 6, 7));
    for (int i = 0; i < 3; i++) {
      var name = "square[" + i + "]";
      h.succeed(runId, name, J.numberNode(i));
      h.succeed(runId, name, J.numberNode(i)); // duplicate
    }
    IntStream.range(0, h.delivered.size()).forEach(i -> h.redeliver(h.delivered.get(i)));
    assertThat(h.task(runId, "square").instancesDone()).isEqualTo(3);
    assertThat(h.task(runId, "square").output().toString()).isEqualTo("[0,1,2]");
    assertThat(h.executor.launchedTasks()).containsExactly("list", "square[0]", "square[1]", "square[2]", "total");
  }

  @Test
  void sweep_repairsALostLaneStartAndALostCount() {
    runId = h.start(FanoutWorkflows.mapReduce(1, 0)).runId();
    h.deliverDue();
    h.succeed(runId, "list", list(1, 2));
    // square[0] ends, but as if the handler died right after its finish write: no lane start, no count
    h.runs.finishTask(runId, "square[0]", java.util.Set.of(RUNNING, DISPATCHED), 1,
        dev.ork.core.run.TaskPatch.to(SUCCEEDED).output(J.numberNode(1)).finishedAt(h.clock.now()));
    assertThat(h.task(runId, "square[1]").status()).isEqualTo(PENDING);
    h.engine.control().reconcile(runId);
    h.deliverDue();
    assertThat(h.executor.launchedTasks()).endsWith("square[1]");
    h.succeed(runId, "square[1]", J.numberNode(4));
    assertThat(h.task(runId, "square").status()).as("one count of two was lost").isEqualTo(RUNNING);
    h.engine.control().reconcile(runId); // what the stale-run sweep does
    assertThat(h.task(runId, "square").status()).isEqualTo(SUCCEEDED);
    assertThat(h.task(runId, "square").output().toString()).isEqualTo("[1,4]");
  }
}
