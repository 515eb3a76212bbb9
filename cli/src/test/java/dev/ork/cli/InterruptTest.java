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
}
