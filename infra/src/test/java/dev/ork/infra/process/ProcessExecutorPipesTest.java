package dev.ork.infra.process;

import static dev.ork.infra.process.ProcessExecutorTest.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.StatusUpdate.Kind;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** The pooled pipe readers and the exit/pipe bookkeeping that decides when an attempt reports. */
class ProcessExecutorPipesTest extends ProcessExecutorFixture {

  @Test
  void concurrentAttempts_keepTheirOwnLogsAndOutput() throws Exception {
    int n = 40;
    String cmd = "for i in 1 2 3; do echo \"$ORK_TASK_NAME out $i\"; echo \"$ORK_TASK_NAME err $i\" >&2; done;"
        + " echo \"ORK_OUTPUT:{\\\"task\\\": \\\"$ORK_TASK_NAME\\\"}\"";
    for (int i = 0; i < n; i++) {
      executor.launch(command("t" + i, 1, cmd, null));
    }
    var seen = new HashSet<String>();
    for (int i = 0; i < n; i++) {
      StatusUpdate u = statuses.next();
      assertThat(u.kind()).isEqualTo(Kind.SUCCEEDED);
      assertThat(u.output().get("task").asText()).isEqualTo(u.taskName());
      assertThat(seen.add(u.taskName())).as("one report per attempt").isTrue();
    }
    for (int i = 0; i < n; i++) {
      String t = "t" + i;
      assertThat(logs.read("run-1", t, 1, "stdout"))
          .isEqualTo(t + " out 1\n" + t + " out 2\n" + t + " out 3\nORK_OUTPUT:{\"task\": \"" + t + "\"}\n");
      assertThat(logs.read("run-1", t, 1, "stderr")).isEqualTo(t + " err 1\n" + t + " err 2\n" + t + " err 3\n");
    }
    Thread.sleep(200);
    assertThat(statuses.all()).hasSize(n);
  }

  @Test
  void orphanedGrandchildHoldingStdout_doesNotDelayTheReport_pastTheDrainGrace() throws Exception {
    var pidFile = root.resolve("grandchild.pid");
    long t0 = System.nanoTime();
    executor.launch(command("t", 1, "sleep 8 & echo $! > grandchild.pid; echo done", null));
    try {
      var u = statuses.next(Duration.ofSeconds(6));
      var took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(u.kind()).isEqualTo(Kind.SUCCEEDED);
      assertThat(took).isLessThan(Duration.ofMillis(5000)); // at most the 2 s grace, not the 8 s sleep
      assertThat(logs.read("run-1", "t", 1, "stdout")).isEqualTo("done\n");
      Thread.sleep(300);
      assertThat(statuses.all()).hasSize(1);
      assertThat(executor.running()).isZero();
    } finally {
      if (Files.exists(pidFile)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
