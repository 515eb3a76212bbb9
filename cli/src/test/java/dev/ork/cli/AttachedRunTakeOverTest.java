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

/**
 * Issue 9, item 5: two real `ork run --key K` JVMs on one SQLite database; the first (the owner) is
 * killed with SIGKILL mid-run. The second, attached, takes the run over and finishes it.
 */
class AttachedRunTakeOverTest {
  @TempDir Path dir;

  @Test
  void attachedRun_takesOver_whenTheOwnerIsKilled_andFinishesTheRun() throws Exception {
    var flow = Files.writeString(dir.resolve("handover.yaml"), """
        name: handover
        tasks:
          quick: {executor: process, command: 'true'}
          sleepy: {executor: process, retries: 1, timeout: 15, command: 'if [ "$ORK_ATTEMPT" = 1 ]; then sleep 60; fi'}
          flaky: {executor: process, retries: 2, command: 'if [ "$ORK_ATTEMPT" = 1 ]; then sleep 2; exit 3; fi'}
          after: {executor: process, command: 'true', depends_on: [quick, sleepy, flaky]}
        """);
    var db = dir.resolve("ork.db");
    var owner = OrkProcess.run(flow, db, dir.resolve("owner.txt"), "--key", "K");
    OrkProcess attached = null;
    try {
      var running = OrkProcess.awaitRunning(db, "handover", "sleepy");
      attached = OrkProcess.run(flow, db, dir.resolve("attached.txt"), "--key", "K");
      awaitOutput(attached, "attaching to it");
      awaitFlakyFailedOnce(db, running.runId());
      var ownerLocks = lockFiles();
      assertThat(ownerLocks).hasSize(2);

      owner.process.destroyForcibly();
      assertThat(owner.process.waitFor(20, TimeUnit.SECONDS)).isTrue();

      assertThat(attached.process.waitFor(60, TimeUnit.SECONDS)).as("the attached `ork run` finished the run").isTrue();
      var said = Files.readString(attached.output);
      assertThat(attached.process.exitValue()).as(said).isZero();
      assertThat(said).contains("took it over").doesNotContain("Exception");
      var sleeper = ProcessHandle.of(running.taskPid());
      assertThat(sleeper.isEmpty() || !sleeper.get().onExit().get(10, TimeUnit.SECONDS).isAlive())
          .as("the dead owner's leftover task process was killed").isTrue();
      try (var store = LocalStore.open(db)) {
        assertThat(store.runs.run(running.runId()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        var tasks = store.runs.tasks(running.runId());
        assertThat(tasks).allSatisfy(t -> assertThat(t.status()).as(t.taskName()).isEqualTo(TaskStatus.SUCCEEDED));
        assertThat(store.runs.task(running.runId(), "sleepy").orElseThrow().attempt())
            .as("the attempt the owner left running was failed as orphaned and retried").isEqualTo(2);
      }
      assertThat(lockFiles()).as("both owner lock files are gone (the dead one reaped, the live one at its end)").isEmpty();
    } finally {
      owner.process.destroyForcibly();
      if (attached != null) attached.process.destroyForcibly();
    }
  }

  @Test
  void runWithTheKeyOfARunWhoseOwnerIsDead_takesItOver_insteadOfCancellingIt() throws Exception {
    var flow = OrkProcess.writeSlowFlow(dir);
    var db = dir.resolve("ork.db");
    var owner = OrkProcess.run(flow, db, dir.resolve("owner.txt"), "--key", "K");
    try {
      var running = OrkProcess.awaitRunning(db, "slow", "sleepy");
      owner.process.destroyForcibly();
      assertThat(owner.process.waitFor(20, TimeUnit.SECONDS)).isTrue();

      var again = ork("run", flow.toString(), "--db", db.toString(), "--key", "K");
      assertThat(again.err()).contains("attaching to it").contains("took it over").doesNotContain("cancelled it");
      assertThat(again.exit()).as(again.err()).isEqualTo(1); // sleepy had no retries: orphaned, it fails
      try (var store = LocalStore.open(db)) {
        var sleepy = store.runs.task(running.runId(), "sleepy").orElseThrow();
        assertThat(sleepy.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(sleepy.error()).contains("orphaned").contains("pid " + owner.process.pid());
        assertThat(store.runs.task(running.runId(), "after").orElseThrow().status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
      }
      var sleeper = ProcessHandle.of(running.taskPid());
      assertThat(sleeper.isEmpty() || !sleeper.get().onExit().get(10, TimeUnit.SECONDS).isAlive()).isTrue();
      assertThat(lockFiles()).isEmpty();
    } finally {
      owner.process.destroyForcibly();
    }
  }

  private java.util.List<Path> lockFiles() throws Exception {
    var owners = dir.resolve("owners");
    if (!Files.isDirectory(owners)) return java.util.List.of();
    try (var files = Files.list(owners)) {
      return files.toList();
    }
  }

  private static void awaitOutput(OrkProcess ork, String text) throws Exception {
    for (int i = 0; i < 400 && !Files.readString(ork.output).contains(text); i++) Thread.sleep(50);
    assertThat(Files.readString(ork.output)).contains(text);
  }

  /** Until flaky's first attempt failed: its retry waits in the owner's memory (or already runs). */
  private static void awaitFlakyFailedOnce(Path db, String runId) throws Exception {
    for (int i = 0; i < 400; i++) {
      try (var store = LocalStore.open(db)) {
        var t = store.runs.task(runId, "flaky").orElseThrow();
        if (t.status() == TaskStatus.RETRY_WAIT || t.attempt() > 1) return;
      }
      Thread.sleep(50);
    }
    assertThat(false).as("flaky failed once within 20 s").isTrue();
  }
}
