package dev.ork.cli;

import static dev.ork.cli.ValidateAndGraphCommandTest.ork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.RunStore.RunQuery;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** foreach on the local wiring: `ork run` with real processes and a real SQLite file. */
class FanoutRunTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("ork.db");
  }

  /** list → square (foreach, max 3, one retry; a negative element fails) → total. */
  private Path flow(String name, String list, String sleep) throws Exception {
    Files.writeString(dir.resolve("square.py"), """
        import json, os, sys, time
        x = json.loads(os.environ["ORK_INPUT_JSON"])["x"]
        time.sleep(%s)
        if x < 0:
            sys.exit("negative input %%d" %% x)
        print("ORK_OUTPUT:" + json.dumps(x * x))
        """.formatted(sleep));
    var p = dir.resolve(name + ".yaml");
    Files.writeString(p, """
        name: %s
        tasks:
          list:
            executor: process
            command: 'echo ORK_OUTPUT:{\\"xs\\": %s}'
            output_type: {xs: [int]}
          square:
            executor: process
            command: python3 square.py
            depends_on: [list]
            foreach: {ref: tasks.list.output.xs}
            max_concurrency: 3
            retries: 1
            input_type: {x: int}
            inputs: {x: {ref: item}}
            output_type: int
          total:
            executor: process
            command: 'python3 -c "import json,os; print(\\"ORK_OUTPUT:\\" + json.dumps(sum(json.loads(os.environ[\\"ORK_INPUT_JSON\\"])[\\"squares\\"])))"'
            depends_on: [square]
            input_type: {squares: [int]}
            inputs: {squares: {ref: tasks.square.output}}
            output_type: int
        """.formatted(name, list));
    return p;
  }

  private Run lastRun(LocalStore store, String workflow) {
    return store.runs.listRuns(new RunQuery(workflow, null, 1, null)).runs().getFirst();
  }

  @Test
  void mapReduce_runsAtMostThreeInstancesAtOnce_andCombinesTheirOutputsInOrder() throws Exception {
    var run = ork("run", flow("mr", "[1, 2, 3, 4, 5, 6, 7]", "0.3").toString(), "--db", db().toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("7 instances: 7 succeeded").contains("output: [1,4,9,16,25,36,49]").contains("output: 140");
    try (var store = LocalStore.open(db())) {
      var r = lastRun(store, "mr");
      var instances = store.runs.instances(r.runId(), "square");
      assertThat(instances).hasSize(7).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED));
      assertThat(maxOverlap(instances)).isBetween(1, 3);
      var status = ork("status", r.runId(), "--db", db().toString());
      assertThat(status.out()).contains("✓ square ").contains("    ✓ square[6]");
    }
  }

  @Test
  void emptyList_succeedsWithAnEmptyList() throws Exception {
    var run = ork("run", flow("empty", "[]", "0").toString(), "--db", db().toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("output: []").contains("output: 0");
  }

  @Test
  void instanceFailingAfterItsRetry_failsTheForeach_andItsDependent() throws Exception {
    var run = ork("run", flow("bad", "[1, -1, 3]", "0").toString(), "--db", db().toString());
    assertThat(run.exit()).isEqualTo(1);
    try (var store = LocalStore.open(db())) {
      var r = lastRun(store, "bad");
      var failed = store.runs.task(r.runId(), "square[1]").orElseThrow();
      assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(failed.attempt()).isEqualTo(2);
      assertThat(failed.error()).contains("negative input -1");
      assertThat(store.runs.task(r.runId(), "square").orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
      assertThat(store.runs.task(r.runId(), "total").orElseThrow().status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
      assertThat(store.runs.task(r.runId(), "square[2]").orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
    }
  }

  @Test
  void cancel_duringFanOut_cancelsEveryInstance() throws Exception {
    var flow = flow("slow", "[1, 2, 3, 4, 5, 6]", "30");
    // its own thread: on 2 cores the common pool has one thread, which process-exit callbacks need
    var running = CompletableFuture.supplyAsync(() -> ork("run", flow.toString(), "--db", db().toString()),
        r -> new Thread(r, "ork-run").start());
    String runId = null;
    for (int i = 0; i < 200 && !Files.exists(db()); i++) Thread.sleep(50);
    try (var store = LocalStore.open(db())) { // one reader for the whole wait: opening it writes (migrations)
      for (int i = 0; i < 300 && runId == null; i++) {
        Thread.sleep(100);
        var page = store.runs.listRuns(new RunQuery("slow", null, 1, null));
        if (!page.runs().isEmpty() && store.runs.task(page.runs().get(0).runId(), "square[0]")
            .filter(t -> t.status() == TaskStatus.RUNNING).isPresent()) runId = page.runs().get(0).runId();
      }
    }
    assertThat(runId).as(() -> "an instance started; ork run: " + (running.isDone() ? running.join().out() + running.join().err() : "still going")).isNotNull();
    assertThat(ork("cancel", runId, "--db", db().toString()).exit()).isZero();
    var result = running.get(30, TimeUnit.SECONDS);
    assertThat(result.exit()).isEqualTo(1);
    try (var store = LocalStore.open(db())) {
      assertThat(store.runs.run(runId).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
      for (var t : store.runs.tasks(runId)) {
        if (!t.taskName().equals("list")) assertThat(t.status()).as(t.taskName()).isEqualTo(TaskStatus.CANCELLED);
      }
    }
  }

  /** The most instances whose [startedAt, finishedAt] intervals overlap at one time. */
  static int maxOverlap(List<TaskRun> instances) {
    var events = new ArrayList<long[]>();
    for (var t : instances) {
      events.add(new long[] {t.startedAt().toEpochMilli() * 2 + 1, 1});
      events.add(new long[] {t.finishedAt().toEpochMilli() * 2, -1});
    }
    events.sort((a, b) -> Long.compare(a[0], b[0]));
    int now = 0;
    int max = 0;
    for (var e : events) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }
}
