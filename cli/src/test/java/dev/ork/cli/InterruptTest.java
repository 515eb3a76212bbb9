package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.RunStore.RunQuery;
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
    var flow = dir.resolve("slow.yaml");
    Files.writeString(flow, """
        name: slow
        tasks:
          sleepy: {executor: process, command: 'sleep 60'}
          after: {executor: process, command: 'true', depends_on: [sleepy]}
        """);
    var db = dir.resolve("ork.db");
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrkCli.class.getName(),
        "run", flow.toString(), "--db", db.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    try {
      String runId = null;
      long pid = -1;
      for (int i = 0; i < 400 && pid < 0; i++) {
        Thread.sleep(50);
        if (!Files.exists(db)) continue;
        try (var store = LocalStore.open(db)) {
          var page = store.runs.listRuns(new RunQuery("slow", null, 1, null));
          if (page.runs().isEmpty()) continue;
          runId = page.runs().get(0).runId();
          var t = store.runs.task(runId, "sleepy").orElseThrow();
          if (t.status() == TaskStatus.RUNNING && t.executionId() != null) pid = Long.parseLong(t.executionId());
        }
      }
      assertThat(pid).as("the task started").isPositive();
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
