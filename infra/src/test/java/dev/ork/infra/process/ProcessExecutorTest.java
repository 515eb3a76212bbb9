package dev.ork.infra.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.port.Clock;
import dev.ork.core.port.TaskExecutor.LaunchException;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.StatusUpdate.Kind;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.ExecutorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessExecutorTest extends ProcessExecutorFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  static TaskLaunch command(String task, int attempt, String command, JsonNode input) {
    return launch(task, attempt, new ExecutorSpec.Process(command, null), input);
  }

  static TaskLaunch launch(String task, int attempt, ExecutorSpec spec, JsonNode input) {
    var compiled = new CompiledTask(task, 0, spec, List.of(), Map.of(), null, null, null, 0);
    return new TaskLaunch("run-1", "wf", compiled, attempt, input);
  }

  static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  StatusUpdate run(TaskLaunch l) throws Exception {
    executor.launch(l);
    return statuses.next();
  }

  @Test
  void launch_succeedsWithLastOutputLine_whenSeveralOrkOutputLinesPrinted() throws Exception {
    var u = run(command("t", 1, "echo 'ORK_OUTPUT:{\"n\":1}'; echo middle; echo 'ORK_OUTPUT:{\"n\":2}'; echo after", null));
    assertThat(u.kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output()).isEqualTo(json("{\"n\":2}"));
    assertThat(u.runId()).isEqualTo("run-1");
    assertThat(u.taskName()).isEqualTo("t");
    assertThat(u.attempt()).isEqualTo(1);
    assertThat(u.executionId()).isNotBlank();
    assertThat(u.at()).isNotNull();
  }

  @Test
  void launch_succeedsWithNullOutput_whenNoOrkOutputLine() throws Exception {
    var u = run(command("t", 1, "echo just logs", null));
    assertThat(u.kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output()).isNull();
    assertThat(u.error()).isNull();
  }

  @Test
  void launch_fails_whenOrkOutputIsInvalidJson() throws Exception {
    var u = run(command("t", 1, "echo 'ORK_OUTPUT:{not json'", null));
    assertThat(u.kind()).isEqualTo(Kind.FAILED);
    assertThat(u.error()).startsWith("invalid ORK_OUTPUT JSON");
  }

  @Test
  void launch_fails_whenOrkOutputHasTrailingGarbage() throws Exception {
    var u = run(command("t", 1, "echo 'ORK_OUTPUT:{} extra'", null));
    assertThat(u.kind()).isEqualTo(Kind.FAILED);
    assertThat(u.error()).startsWith("invalid ORK_OUTPUT JSON");
  }

  @Test
  void launch_failsWithExitCodeAndLastStderrLine_whenExitIsNonZero() throws Exception {
    var u = run(command("t", 1, "echo first >&2; echo '  boom happened  ' >&2; echo 'ORK_OUTPUT:{}'; exit 3", null));
    assertThat(u.kind()).isEqualTo(Kind.FAILED);
    assertThat(u.error()).isEqualTo("exit code 3: boom happened");
    assertThat(u.output()).isNull();
  }

  @Test
  void launch_failsWithCappedError_whenStderrLineIsHuge() throws Exception {
    var u = run(command("t", 1, "head -c 5000 /dev/zero | tr '\\0' x >&2; echo >&2; exit 1", null));
    assertThat(u.error()).startsWith("exit code 1: xxx");
    assertThat(u.error().length()).isLessThan(600);
  }

  @Test
  void launch_failsWithBareExitCode_whenStderrEmpty() throws Exception {
    var u = run(command("t", 1, "exit 7", null));
    assertThat(u.error()).isEqualTo("exit code 7");
  }

  @Test
  void launch_exportsInputAndAttemptAndIds_whenCommandReadsEnvironment() throws Exception {
    var u = run(command("envtask", 3,
        "printf 'ORK_OUTPUT:{\"input\":%s,\"attempt\":%s,\"run\":\"%s\",\"task\":\"%s\",\"wf\":\"%s\"}\\n'"
            + " \"$ORK_INPUT_JSON\" \"$ORK_ATTEMPT\" \"$ORK_RUN_ID\" \"$ORK_TASK_NAME\" \"$ORK_WORKFLOW_NAME\"",
        json("{\"a\":1,\"b\":\"x y\"}")));
    assertThat(u.kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output()).isEqualTo(json(
        "{\"input\":{\"a\":1,\"b\":\"x y\"},\"attempt\":3,\"run\":\"run-1\",\"task\":\"envtask\",\"wf\":\"wf\"}"));
  }

  @Test
  void launch_exportsEmptyObject_whenInputIsNull() throws Exception {
    var u = run(command("t", 1, "echo \"ORK_OUTPUT:$ORK_INPUT_JSON\"", null));
    assertThat(u.output()).isEqualTo(json("{}"));
  }

  @Test
  void launch_inheritsParentAndExtraEnv_whenExtraEnvGiven() throws Exception {
    executor.close();
    executor = new ProcessExecutor(root, statuses, logs, Clock.system(), Map.of("ORK_TEST_EXTRA", "extra"));
    var u = run(command("t", 1, "echo \"ORK_OUTPUT:[\\\"$ORK_TEST_EXTRA\\\",\\\"$HOME\\\"]\"", null));
    assertThat(u.output().get(0).asText()).isEqualTo("extra");
    assertThat(u.output().get(1).asText()).isEqualTo(System.getenv("HOME"));
  }

  @Test
  void launch_runsInWorkflowRoot_whenCommandPrintsCwd() throws Exception {
    var u = run(command("t", 1, "echo \"ORK_OUTPUT:\\\"$(pwd -P)\\\"\"", null));
    assertThat(u.output().asText()).isEqualTo(root.toRealPath().toString());
  }

  @Test
  void launch_runsBareWordFromPath_whenCommandIsBareWord() throws Exception {
    assertThat(run(command("t", 1, "true", null)).kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(run(command("u", 1, "echo hi", null)).kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(logs.read("run-1", "u", 1, "stdout")).isEqualTo("hi\n");
  }

  @Test
  void launch_runsScript_whenFileGiven() throws Exception {
    Path script = root.resolve("bin/task.sh");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\necho \"ORK_OUTPUT:{\\\"attempt\\\":$ORK_ATTEMPT}\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    var u = run(launch("t", 2, new ExecutorSpec.Process(null, "bin/task.sh"), null));
    assertThat(u.kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(u.output()).isEqualTo(json("{\"attempt\":2}"));
  }

  @Test
  void launch_throwsNonRetryable_whenFileMissing() {
    assertThatThrownBy(() -> executor.launch(launch("t", 1, new ExecutorSpec.Process(null, "nope.sh"), null)))
        .isInstanceOfSatisfying(LaunchException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("nope.sh");
        });
    assertThat(statuses.all()).isEmpty();
  }

  @Test
  void launch_throwsNonRetryable_whenFileNotExecutable() throws Exception {
    Files.writeString(root.resolve("plain.sh"), "echo hi\n");
    assertThatThrownBy(() -> executor.launch(launch("t", 1, new ExecutorSpec.Process(null, "plain.sh"), null)))
        .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  void launch_capturesLogsPerAttemptInOrder_whenBothStreamsWritten() throws Exception {
    String cmd = "for i in $(seq 1 500); do echo out$i; echo err$i >&2; done";
    run(command("t", 1, cmd, null));
    run(command("t", 2, "echo second; echo second-err >&2", null));
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    for (int i = 1; i <= 500; i++) {
      out.append("out").append(i).append('\n');
      err.append("err").append(i).append('\n');
    }
    assertThat(logs.read("run-1", "t", 1, "stdout")).isEqualTo(out.toString());
    assertThat(logs.read("run-1", "t", 1, "stderr")).isEqualTo(err.toString());
    assertThat(logs.read("run-1", "t", 2, "stdout")).isEqualTo("second\n");
    assertThat(logs.read("run-1", "t", 2, "stderr")).isEqualTo("second-err\n");
  }

  @Test
  void stop_killsProcessAndChildQuickly_whenTaskSleeps() throws Exception {
    String pid = executor.launch(command("t", 1, "sleep 30 & echo $! > child.pid; wait", null));
    Path childPidFile = root.resolve("child.pid");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!Files.exists(childPidFile) || Files.readString(childPidFile).isBlank()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
    long child = Long.parseLong(Files.readString(childPidFile).strip());
    assertThat(ProcessHandle.of(child)).isPresent();
    long t0 = System.nanoTime();
    executor.stop("run-1", "t", 1, pid, "timeout after 1s");
    var u = statuses.next(Duration.ofSeconds(5));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(u.kind()).isEqualTo(Kind.FAILED);
    assertThat(u.error()).isEqualTo("stopped: timeout after 1s");
    assertThat(running(Long.parseLong(pid))).isFalse();
    long childDeadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (running(child) && System.nanoTime() < childDeadline) {
      Thread.sleep(10);
    }
    assertThat(running(child)).isFalse();
    assertThat(statuses.all()).hasSize(1);
  }

  /** Alive and not a zombie (orphans are reaped by PID 1, which in containers may be slow or absent). */
  static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (!Files.exists(stat)) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !Files.isDirectory(Path.of("/proc/self"));
    }
    try {
      String s = Files.readString(stat);
      char state = s.substring(s.lastIndexOf(')') + 2).charAt(0);
      return state != 'Z' && state != 'X';
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void stop_killsPlainSleep_whenCommandIgnoresNothing() throws Exception {
    String pid = executor.launch(command("t", 1, "sleep 30", null));
    executor.stop("run-1", "t", 1, pid, "cancelled");
    var u = statuses.next(Duration.ofSeconds(5));
    assertThat(u.error()).isEqualTo("stopped: cancelled");
  }

  @Test
  void stop_escalatesToSigkill_whenProcessTrapsSigterm() throws Exception {
    String pid = executor.launch(command("t", 1, "trap '' TERM; echo ready; while :; do sleep 0.1; done", null));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!logs.read("run-1", "t", 1, "stdout").contains("ready")) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
    executor.stop("run-1", "t", 1, pid, "timeout");
    var u = statuses.next(Duration.ofSeconds(8));
    assertThat(u.error()).isEqualTo("stopped: timeout");
  }

  @Test
  void stop_isNoOp_whenAttemptUnknownOrFinished() throws Exception {
    executor.stop("run-1", "ghost", 1, "123", "x");
    String pid = executor.launch(command("t", 1, "true", null));
    statuses.next();
    executor.stop("run-1", "t", 1, pid, "late");
    Thread.sleep(50);
    assertThat(statuses.all()).hasSize(1);
    assertThat(statuses.all().get(0).kind()).isEqualTo(Kind.SUCCEEDED);
  }

  @Test
  void launch_spawnsOnce_whenSameAttemptLaunchedTwice() throws Exception {
    var l = command("t", 1, "echo x >> count.txt", null);
    String first = executor.launch(l);
    String second = executor.launch(l);
    assertThat(second).isEqualTo(first);
    statuses.next();
    String third = executor.launch(l);
    assertThat(third).isEqualTo(first);
    Thread.sleep(200);
    assertThat(Files.readAllLines(root.resolve("count.txt"))).hasSize(1);
    assertThat(statuses.all()).hasSize(1);
  }

  @Test
  void launch_spawnsOnce_whenSameAttemptLaunchedConcurrently() throws Exception {
    var l = command("t", 1, "echo x >> count.txt", null);
    var pids = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
    var threads = new java.util.ArrayList<Thread>();
    for (int i = 0; i < 8; i++) {
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          pids.add(executor.launch(l));
        } catch (LaunchException e) {
          throw new AssertionError(e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    statuses.next();
    assertThat(pids).hasSize(1);
    assertThat(Files.readAllLines(root.resolve("count.txt"))).hasSize(1);
  }

  @Test
  void launch_runsAbsoluteFile_whenFilePathIsAbsolute() throws Exception {
    Path script = root.resolve("abs.sh");
    Files.writeString(script, "#!/bin/sh\necho 'ORK_OUTPUT:true'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    var u = run(launch("t", 1, new ExecutorSpec.Process(null, script.toString()), null));
    assertThat(u.output().asBoolean()).isTrue();
  }

  @Test
  void stopAll_killsEveryRunningAttempt_whenClosed() throws Exception {
    executor.launch(command("a", 1, "sleep 30", null));
    executor.launch(command("b", 1, "sleep 30 & wait", null));
    long t0 = System.nanoTime();
    executor.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    var errors = List.of(statuses.next(Duration.ofSeconds(3)).error(), statuses.next(Duration.ofSeconds(3)).error());
    assertThat(errors).containsOnly("stopped: executor shut down");
    assertThat(executor.running()).isZero();
  }

  @Test
  void launch_handlesManyNoOpProcessesQuickly_whenLaunchedInBurst() throws Exception {
    int n = Integer.getInteger("ork.test.noops", 200);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      executor.launch(command("t" + i, 1, "true", null));
    }
    for (int i = 0; i < n; i++) {
      assertThat(statuses.next().kind()).isEqualTo(Kind.SUCCEEDED);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    System.out.println(n + " no-op processes took " + took.toMillis() + " ms");
    assertThat(took).isLessThan(Duration.ofSeconds(30));
  }
}
