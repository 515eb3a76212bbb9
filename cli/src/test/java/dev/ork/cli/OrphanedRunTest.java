package dev.ork.cli;

import static dev.ork.cli.ValidateAndGraphCommandTest.ork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An `ork run` killed with SIGKILL (no hook runs): the next command cancels its run and kills its task. */
class OrphanedRunTest {
  @TempDir Path dir;

  @Test
  void killedOrkRun_isSeenAlive_whileItRuns_thenRepaired_byTheNextCommand() throws Exception {
    var flow = OrkProcess.writeSlowFlow(dir);
    var db = dir.resolve("ork.db");
    var ork = OrkProcess.run(flow, db, dir.resolve("out.txt"));
    try {
      var running = OrkProcess.awaitRunning(db, "slow", "sleepy");

      var whileAlive = ork("status", running.runId(), "--db", db.toString());
      assertThat(whileAlive.exit()).as("still going").isEqualTo(3);
      assertThat(whileAlive.err()).doesNotContain("note:");

      ork.process.destroyForcibly();
      assertThat(ork.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      var sleeper = ProcessHandle.of(running.taskPid()).orElseThrow();
      assertThat(sleeper.isAlive()).as("SIGKILL leaves the task's process behind").isTrue();

      var runs = ork("runs", "--db", db.toString());
      assertThat(runs.exit()).isZero();
      assertThat(runs.err()).contains("note: run " + running.runId() + " (slow) was left running by an `ork run` that exited");
      assertThat(runs.out()).contains("cancelled");
      assertThat(sleeper.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("the leftover task process was killed").isFalse();
      try (var locks = Files.list(dir.resolve("owners"))) {
        assertThat(locks.toList()).as("the dead owner's lock file was removed by the repair").isEmpty();
      }
      try (var store = LocalStore.open(db)) {
        var run = store.runs.run(running.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.error()).contains("orphaned");
        assertThat(store.runs.tasks(running.runId())).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.CANCELLED));
      }
      var again = ork("status", running.runId(), "--db", db.toString());
      assertThat(again.exit()).isEqualTo(1);
      assertThat(again.err()).doesNotContain("note:");
    } finally {
      ork.process.destroyForcibly();
    }
  }
}
