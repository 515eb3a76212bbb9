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

  /**
   * Python resets SIGINT to its default and starts a new session, then execs `ork run`: the JVM leads a
   * process group of its own, like a terminal's foreground job, and Ctrl-C reaches it even when this test
   * JVM was started with SIGINT ignored (under {@code nohup}, or {@code &} in a script), which a JVM would
   * otherwise inherit and honour.
   */
  private static final String TERMINAL_JOB =
      "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])";

  static OrkProcess run(Path flow, Path db, Path output, String... extra) throws Exception {
    var args = new java.util.ArrayList<>(java.util.List.of("run", flow.toString(), "--db", db.toString()));
    args.addAll(java.util.List.of(extra));
    return start(output, args.toArray(String[]::new));
  }

  /** {@code ork <args>} as a terminal's foreground job, its output (and errors) to {@code output}. */
  static OrkProcess start(Path output, String... args) throws Exception {
    var javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new java.util.ArrayList<>(java.util.List.of("python3", "-c", TERMINAL_JOB, javaBin,
        "-cp", System.getProperty("java.class.path"), OrkCli.class.getName()));
    command.addAll(java.util.List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    return new OrkProcess(process, output);
  }

  /** Ctrl-C as a terminal sends it: SIGINT to every process in `ork run`'s process group. */
  void interruptGroup() throws Exception {
    requireSigintHandled(process.pid());
    new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).start().waitFor();
  }

  /** Fails with the reason when the JVM ignores SIGINT (it then never sees Ctrl-C). */
  static void requireSigintHandled(long pid) throws Exception {
    var status = Path.of("/proc/" + pid + "/status");
    if (!Files.exists(status)) return; // not Linux: nothing to check
    var ignored = Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0");
    long mask = Long.parseUnsignedLong(ignored.substring(7).strip(), 16);
    assertThat(mask & 2).as("SIGINT is ignored by the ork process " + pid + " (this test JVM was started with SIGINT "
        + "ignored, e.g. under nohup or `&` in a script, and resetting it failed); a Ctrl-C test cannot run so").isZero();
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
