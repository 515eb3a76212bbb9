package dev.ork.cli;

import static dev.ork.cli.ValidateAndGraphCommandTest.ork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 6: `ork cancel` from another shell while `ork run` (a JVM of its own) follows the run. The
 * cancel writes the run first and its tasks after; the summary used to be read in between and showed
 * unstarted tasks as `pending` while `ork status` said `cancelled`.
 */
class ExternalCancelSummaryTest {
  private static final int WAITING = 200;

  @TempDir Path dir;

  @Test
  void summaryAfterAnExternalCancel_showsWhatTheStoreSays_everyTaskCancelled() throws Exception {
    var yaml = new StringBuilder("name: wide\ntasks:\n  sleepy: {executor: process, command: 'sleep 60'}\n");
    for (int i = 0; i < WAITING; i++) {
      yaml.append(String.format("  after_%03d: {executor: process, command: 'true', depends_on: [sleepy]}%n", i));
    }
    var flow = Files.writeString(dir.resolve("wide.yaml"), yaml);
    var db = dir.resolve("ork.db");
    var ork = OrkProcess.run(flow, db, dir.resolve("out.txt"));
    try {
      var running = OrkProcess.awaitRunning(db, "wide", "sleepy");
      assertThat(ork("cancel", running.runId(), "--db", db.toString()).exit()).isZero();
      assertThat(ork.process.waitFor(30, TimeUnit.SECONDS)).as("ork run ended after the cancel").isTrue();
      assertThat(ork.process.exitValue()).isEqualTo(1);

      var out = Files.readString(ork.output);
      var summary = out.substring(out.indexOf("run " + running.runId() + " cancelled in"));
      var taskLines = summary.lines().filter(l -> l.matches("  \\S (sleepy|after_\\d{3}) .*")).toList();
      assertThat(taskLines).as(summary).hasSize(WAITING + 1)
          .allSatisfy(l -> assertThat(l).contains(" cancelled").doesNotContain("pending"));
      try (var store = LocalStore.open(db)) {
        assertThat(store.runs.tasks(running.runId())).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.CANCELLED));
      }
    } finally {
      ork.process.destroyForcibly();
    }
  }
}
