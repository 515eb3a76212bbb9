package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on `ork run` (a real SIGINT to a real JVM) cancels the run and kills its tasks. */
class InterruptTest {
  @TempDir Path dir;

  @Test
  void sigint_cancelsTheRun_killsTheTask_andLeavesTheStoreConsistent() throws Exception {
    var flow = OrkProcess.writeSlowFlow(dir);
    var db = dir.resolve("ork.db");
    var ork = OrkProcess.run(flow, db, dir.resolve("out.txt"));
    var process = ork.process;
    try {
      var running = OrkProcess.awaitRunning(db, "slow", "sleepy");
      String runId = running.runId();
      long pid = running.taskPid();
      OrkProcess.requireSigintHandled(process.pid());
      new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("ork exited after Ctrl-C").isTrue();
      assertThat(process.exitValue()).isEqualTo(130);
      assertThat(Files.readString(dir.resolve("out.txt"))).contains("cancelled (Ctrl-C)").doesNotContain("Exception");
      var sleeper = ProcessHandle.of(pid);
      assertThat(sleeper.isEmpty() || !sleeper.get().isAlive()).as("the task's process was killed").isTrue();
      try (var store = LocalStore.open(db)) {
        assertThat(store.runs.run(runId).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(store.runs.tasks(runId)).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.CANCELLED));
      }
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * Issue 9, item 2: a terminal's Ctrl-C signals the whole foreground process group, tasks included. They
   * must end `cancelled`, not `failed ... exit code 130`, and no retry may start during the Ctrl-C.
   */
  @Test
  void sigintToTheProcessGroup_cancelsEveryTask_withoutFailuresOrRetries() throws Exception {
    var flow = Files.writeString(dir.resolve("group.yaml"), """
        name: group
        tasks:
          sleepy: {executor: process, command: 'sleep 60', retries: 2}
          other: {executor: process, command: 'sleep 60', retries: 2}
          after: {executor: process, command: 'true', depends_on: [sleepy, other]}
        """);
    var db = dir.resolve("ork.db");
    var ork = OrkProcess.run(flow, db, dir.resolve("out.txt"));
    try {
      var running = OrkProcess.awaitRunning(db, "group", "sleepy");
      OrkProcess.awaitRunning(db, "group", "other");
      ork.interruptGroup();
      assertThat(ork.process.waitFor(20, TimeUnit.SECONDS)).as("ork exited after Ctrl-C").isTrue();
      var printed = Files.readString(dir.resolve("out.txt"));
      assertThat(ork.process.exitValue()).as(printed).isEqualTo(130);
      assertThat(printed).contains("cancelled (Ctrl-C)").doesNotContain("Exception");
      try (var store = LocalStore.open(db)) {
        assertThat(store.runs.run(running.runId()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(store.runs.tasks(running.runId())).allSatisfy(t -> {
          assertThat(t.status()).as(t.taskName() + ": " + t.error()).isEqualTo(TaskStatus.CANCELLED);
          assertThat(t.attempt()).as(t.taskName() + " attempts").isLessThanOrEqualTo(1);
        });
      }
    } finally {
      ork.process.destroyForcibly();
    }
  }
}
