package dev.ork.cli;

import static dev.ork.cli.ValidateAndGraphCommandTest.ork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.RunStore.RunQuery;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pools and max_active_runs on the local wiring: concurrent `ork run`s (each its own runtime, as
 * separate processes would be) sharing one SQLite file, real processes.
 */
class LimitsRunTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("ork.db");
  }

  private Path write(String name, String yaml) throws Exception {
    var p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  /**
   * Runs `ork run` on {@code flow} {@code n} times at once, each on its own thread (on 2 cores the
   * common pool has one thread, which process-exit callbacks need); each starts once the one before
   * has created its run, so creation order is known. Asserts every one exits 0.
   */
  private void runConcurrently(Path flow, String workflow, int n) throws Exception {
    var runs = new ArrayList<CompletableFuture<OrkCli.Captured>>();
    for (int i = 0; i < n; i++) {
      runs.add(CompletableFuture.supplyAsync(() -> ork("run", flow.toString(), "--db", db().toString(), "--quiet"),
          r -> new Thread(r, "ork-run").start()));
      for (int wait = 0; wait < 400 && created(workflow) <= i; wait++) Thread.sleep(25);
    }
    for (var r : runs) {
      var result = r.get(120, TimeUnit.SECONDS);
      assertThat(result.exit()).as(result.out() + result.err()).isZero();
    }
  }

  private int created(String workflow) {
    if (!Files.exists(db())) return 0;
    try (var store = LocalStore.open(db())) {
      return store.runs.listRuns(new RunQuery(workflow, null, 10, null)).runs().size();
    }
  }

  @Test
  void poolOfTwo_sharedByTwoConcurrentRuns_neverRunsMoreThanTwoTasks() throws Exception {
    assertThat(ork("pool", "set", "api", "2", "--db", db().toString()).exit()).isZero();
    var flow = write("pooled.yaml", """
        name: pooled
        tasks:
          a: {executor: process, command: 'sleep 0.4', pool: api}
          b: {executor: process, command: 'sleep 0.4', pool: api}
          c: {executor: process, command: 'sleep 0.4', pool: api}
        """);
    runConcurrently(flow, "pooled", 2);
    try (var store = LocalStore.open(db())) {
      var runs = store.runs.listRuns(new RunQuery("pooled", null, 10, null)).runs();
      assertThat(runs).hasSize(2).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
      var tasks = runs.stream().flatMap(r -> store.runs.tasks(r.runId()).stream()).toList();
      assertThat(FanoutRunTest.maxOverlap(tasks)).isBetween(1, 2);
      assertThat(store.slots.holders("api", 2)).isEmpty();
    }
    var list = ork("pool", "list", "--db", db().toString());
    assertThat(list.out()).contains("api").containsPattern("api\\s+2\\s+0");
  }

  @Test
  void maxActiveRunsOne_withThreeStarts_runsThemOneAfterAnother_inCreationOrder() throws Exception {
    var flow = write("serial.yaml", """
        name: serial
        max_active_runs: 1
        tasks:
          only: {executor: process, command: 'sleep 0.3'}
        """);
    runConcurrently(flow, "serial", 3);
    try (var store = LocalStore.open(db())) {
      var runs = new ArrayList<>(store.runs.listRuns(new RunQuery("serial", null, 10, null)).runs());
      runs.sort(Comparator.comparing(Run::createdAt));
      assertThat(runs).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
      for (int i = 1; i < runs.size(); i++) {
        assertThat(runs.get(i).startedAt()).as("run %d started after run %d ended: %s", i, i - 1, runs.stream()
            .map(r -> r.createdAt() + " " + r.startedAt() + " " + r.finishedAt()).toList())
            .isAfterOrEqualTo(runs.get(i - 1).finishedAt());
      }
    }
  }

  @Test
  void poolSet_refusesABadName_andBadSlots_withAClearError() {
    var bad = ork("pool", "set", "no spaces", "2", "--db", db().toString());
    assertThat(bad.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(bad.err()).contains("pool name 'no spaces' must match");
    var zero = ork("pool", "set", "api", "0", "--db", db().toString());
    assertThat(zero.err()).contains("slots must be between 1 and 10000, got 0");
  }
}
