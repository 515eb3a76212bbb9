package dev.ork.cli;

import static dev.ork.cli.ValidateAndGraphCommandTest.ork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ork rerun`: a failed run fixed and rerun in place; a run orphaned by `kill -9` of `ork run` rerun. */
class RerunCommandTest {
  @TempDir Path dir;

  private static String runId(String out) {
    var m = java.util.regex.Pattern.compile("run (\\S+) of").matcher(out);
    assertThat(m.find()).as("run id in: " + out).isTrue();
    return m.group(1);
  }

  @Test
  void failedInThirdTask_rerunAfterTheFix_startsOnlyTheThirdTaskAgain() throws Exception {
    var starts = dir.resolve("starts.log");
    var flow = Files.writeString(dir.resolve("chain.yaml"), """
        name: chain
        tasks:
          a: {executor: process, command: 'echo a >> %1$s'}
          b: {executor: process, command: 'echo b >> %1$s', depends_on: [a]}
          c: {executor: process, command: 'echo c >> %1$s; test -f %2$s', depends_on: [b]}
        """.formatted(starts, dir.resolve("fixed")));
    var db = dir.resolve("ork.db").toString();
    var first = ork("run", flow.toString(), "--db", db, "--key", "day-1");
    assertThat(first.exit()).isEqualTo(1);
    var runId = runId(first.out());
    var again = ork("run", flow.toString(), "--db", db, "--key", "day-1");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already finished as failed").contains("ork rerun " + runId);

    Files.writeString(dir.resolve("fixed"), "");
    var rerun = ork("rerun", runId, "--db", db, "--dir", dir.toString());
    assertThat(rerun.exit()).as(rerun.out() + rerun.err()).isZero();
    assertThat(Files.readAllLines(starts)).containsExactly("a", "b", "c", "c");
    var logs = ork("logs", runId, "c", "--db", db);
    assertThat(logs.out()).contains("attempt 1").contains("attempt 2");
    try (var store = LocalStore.open(Path.of(db))) {
      var run = store.runs.run(runId).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(run.idempotencyKey()).isEqualTo("day-1");
    }
    var twice = ork("rerun", runId, "--db", db, "--dir", dir.toString());
    assertThat(twice.exit()).isEqualTo(2);
    assertThat(twice.err()).contains("nothing to rerun");
    assertThat(Files.readAllLines(starts)).hasSize(4);
    var downstream = ork("rerun", runId, "--task", "b", "--downstream", "--db", db, "--dir", dir.toString());
    assertThat(downstream.exit()).isZero();
    assertThat(Files.readAllLines(starts)).containsExactly("a", "b", "c", "c", "b", "c");
  }

  @Test
  void runOrphanedByKill9_isRerunToSuccess() throws Exception {
    var flow = Files.writeString(dir.resolve("slow.yaml"), """
        name: slow
        tasks:
          sleepy: {executor: process, command: 'test -f %s || sleep 60'}
          after: {executor: process, command: 'true', depends_on: [sleepy]}
        """.formatted(dir.resolve("fast")));
    var db = dir.resolve("ork.db");
    var ork = OrkProcess.run(flow, db, dir.resolve("out.txt"));
    try {
      var running = OrkProcess.awaitRunning(db, "slow", "sleepy");
      ork.process.destroyForcibly(); // kill -9: no hook runs
      assertThat(ork.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      Files.writeString(dir.resolve("fast"), "");
      var rerun = ork("rerun", running.runId(), "--db", db.toString(), "--dir", dir.toString());
      assertThat(rerun.exit()).as(rerun.out() + rerun.err()).isZero();
      assertThat(rerun.err()).contains("was left running by an `ork run` that exited");
      try (var store = LocalStore.open(db)) {
        assertThat(store.runs.run(running.runId()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.runs.task(running.runId(), "sleepy").orElseThrow().attempt()).isEqualTo(2);
        assertThat(store.runs.task(running.runId(), "after").orElseThrow().attempt()).isEqualTo(1);
      }
    } finally {
      ork.process.destroyForcibly();
    }
  }
}
