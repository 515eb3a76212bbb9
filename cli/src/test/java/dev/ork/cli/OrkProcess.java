package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.RunStore.RunQuery;
import dev.ork.core.run.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;

/** `ork run` in a JVM of its own, as a user starts it, for tests that signal or kill it. */
final class OrkProcess {
  final Process process;
  final Path output;

  private OrkProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Workflow 'slow': task 'sleepy' sleeps 60 s, task 'after' waits for it. */
  static Path writeSlowFlow(Path dir) throws java.io.IOException {
    return Files.writeString(dir.resolve("slow.yaml"), """
        name: slow
        tasks:
          sleepy: {executor: process, command: 'sleep 60'}
          after: {executor: process, command: 'true', depends_on: [sleepy]}
        """);
  }

  static OrkProcess run(Path flow, Path db, Path output) throws Exception {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrkCli.class.getName(),
        "run", flow.toString(), "--db", db.toString())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    return new OrkProcess(process, output);
  }

  /** The run's id and the pid of {@code task}'s process once the task runs (fails the test after 20 s). */
  record Running(String runId, long taskPid) {}

  static Running awaitRunning(Path db, String workflow, String task) throws Exception {
    for (int i = 0; i < 400; i++) {
      Thread.sleep(50);
      if (!Files.exists(db)) continue;
      try (var store = LocalStore.open(db)) {
        var page = store.runs.listRuns(new RunQuery(workflow, null, 1, null));
        if (page.runs().isEmpty()) continue;
        var runId = page.runs().get(0).runId();
        var t = store.runs.task(runId, task).orElseThrow();
        if (t.status() == TaskStatus.RUNNING && t.executionId() != null) {
          return new Running(runId, Long.parseLong(t.executionId()));
        }
      }
    }
    assertThat(false).as("task " + task + " of " + workflow + " started within 20 s").isTrue();
    return null;
  }
}
