package dev.ork.cli;

import static dev.ork.cli.ValidateAndGraphCommandTest.ork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ork run` and friends end to end: real processes, a real SQLite file. */
class RunCommandTest {
  @TempDir Path dir;

  Path db() {
    return dir.resolve("ork.db");
  }

  Path write(String name, String yaml) throws Exception {
    var p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void run_exitsZeroAndPrintsOutputs_whenWorkflowSucceeds() throws Exception {
    var flow = write("chain.yaml", """
        name: chain
        types:
          Count: {n: int}
        tasks:
          a:
            executor: process
            command: 'echo "ORK_OUTPUT:{\\"n\\": 41}"'
            output_type: types.Count
          b:
            executor: process
            command: 'python3 -c "import json,os; n=json.loads(os.environ[\\"ORK_INPUT_JSON\\"])[\\"n\\"]; print(\\"ORK_OUTPUT:\\" + json.dumps({\\"n\\": n + 1}))"'
            depends_on: [a]
            input_type: {n: int}
            output_type: types.Count
            inputs: {n: {ref: tasks.a.output.n}}
        """);
    var run = ork("run", flow.toString(), "--db", db().toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("succeeded in").contains("output: {\"n\":42}");
  }

  @Test
  void run_exitsOne_andStatusShowsUpstreamFailed_whenATaskFails() throws Exception {
    var flow = write("fail.yaml", """
        name: fail
        tasks:
          bad: {executor: process, command: 'echo oops >&2; exit 3'}
          after: {executor: process, command: 'true', depends_on: [bad]}
        """);
    var run = ork("run", flow.toString(), "--db", db().toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("error:  exit code 3: oops").contains("upstream_failed")
        .contains("hint: see its output with `ork logs");
    try (var store = LocalStore.open(db())) {
      var r = store.runs.listRuns(new dev.ork.core.port.RunStore.RunQuery("fail", null, 1, null)).runs().get(0);
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      var status = ork("status", r.runId(), "--db", db().toString());
      assertThat(status.exit()).isEqualTo(1);
      assertThat(status.out()).contains("✗ bad").contains("- after");
      var logs = ork("logs", r.runId(), "bad", "--db", db().toString());
      assertThat(logs.out()).contains("oops");
    }
  }

  @Test
  void run_exitsTwo_withDiagnostics_whenWorkflowInvalid() throws Exception {
    var flow = write("bad.yaml", "name: bad\ntasks:\n  a: {executor: process, comand: 'true'}\n");
    var run = ork("run", flow.toString(), "--db", db().toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("bad.yaml:3:").contains("unknown-key").contains("not run");
    assertThat(run.out()).doesNotContain("Exception");
  }

  @Test
  void run_exitsTwo_whenAnInputOverrideIsWrong() throws Exception {
    var flow = write("in.yaml", """
        name: inp
        tasks:
          a:
            executor: process
            command: 'true'
            input_type: {n: int}
            inputs: {n: {const: 1}}
        """);
    var run = ork("run", flow.toString(), "--db", db().toString(), "--input", "a.n=\"text\"");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("'a.n': n: expected int, got string \"text\"");
  }

  @Test
  void run_overrideReachesTheTask() throws Exception {
    var flow = write("in.yaml", """
        name: inp
        tasks:
          a:
            executor: process
            command: 'echo "ORK_OUTPUT:$ORK_INPUT_JSON"'
            input_type: {n: int}
            inputs: {n: {const: 1}}
        """);
    var run = ork("run", flow.toString(), "--db", db().toString(), "--input", "a.n=5");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("output: {\"n\":5}");
  }

  @Test
  void cancel_fromAnotherCommand_stopsTheRunningTask() throws Exception {
    var flow = write("slow.yaml", """
        name: slow
        tasks:
          sleepy: {executor: process, command: 'sleep 30'}
          never: {executor: process, command: 'true', depends_on: [sleepy]}
        """);
    var running = CompletableFuture.supplyAsync(() -> ork("run", flow.toString(), "--db", db().toString()));
    String runId = null;
    for (int i = 0; i < 200 && runId == null; i++) {
      Thread.sleep(50);
      if (!Files.exists(db())) continue;
      try (var store = LocalStore.open(db())) {
        var page = store.runs.listRuns(new dev.ork.core.port.RunStore.RunQuery("slow", null, 1, null));
        if (!page.runs().isEmpty()) {
          var id = page.runs().get(0).runId();
          if (store.runs.task(id, "sleepy").orElseThrow().status() == TaskStatus.RUNNING) runId = id;
        }
      }
    }
    assertThat(runId).as("the task started").isNotNull();
    var cancel = ork("cancel", runId, "--db", db().toString());
    assertThat(cancel.exit()).isZero();
    var result = running.get(20, TimeUnit.SECONDS);
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).contains("cancelled");
    try (var store = LocalStore.open(db())) {
      assertThat(store.runs.task(runId, "sleepy").orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(store.runs.task(runId, "never").orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    }
  }

  @Test
  void statusOfUnknownRun_andMissingDatabase_areClearErrors() {
    var missing = ork("runs", "--db", dir.resolve("none.db").toString());
    assertThat(missing.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(missing.err()).contains("nothing has run here yet");
  }

  @Test
  void everyExample_runsGreen() throws Exception {
    try (var examples = Files.list(Path.of("..", "examples"))) {
      for (var folder : examples.filter(Files::isDirectory).toList()) {
        try (var files = Files.list(folder)) {
          for (var yaml : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
            var run = ork("run", yaml.toString(), "--db", db().toString(), "--quiet");
            assertThat(run.exit()).as(yaml + "\n" + run.out() + run.err()).isZero();
          }
        }
      }
    }
  }

  /** Issue 9, item 8: `ork logs nonsense x` said the run had no task `x`. */
  @Test
  void logs_saysTheRunDoesNotExist_whenItDoesNot() throws Exception {
    var flow = write("one.yaml", "name: one\ntasks:\n  a: {executor: process, command: 'true'}\n");
    assertThat(ork("run", flow.toString(), "--db", db().toString()).exit()).isZero();
    var logs = ork("logs", "nonsense", "x", "--db", db().toString());
    assertThat(logs.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(logs.err()).contains("error: no run nonsense (list them with `ork runs`)").doesNotContain("no task");
  }

  /** Issue 9, item 8: `ork run --key K` returning an existing run said nothing about it. */
  @Test
  void run_saysItReturnsTheExistingRun_whenTheKeyIsTaken() throws Exception {
    var flow = write("one.yaml", "name: one\ntasks:\n  a: {executor: process, command: 'true'}\n");
    var first = ork("run", flow.toString(), "--db", db().toString(), "--key", "K1");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).doesNotContain("already names");
    var runId = first.out().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split(" ")[1];
    var second = ork("run", flow.toString(), "--db", db().toString(), "--key", "K1");
    assertThat(second.exit()).isZero();
    assertThat(second.err()).contains("note: --key K1 already names run " + runId + " (succeeded, started ")
        .contains("showing it instead of starting a new run");
  }
}
