package dev.ork.infra.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.port.TaskExecutor.LaunchException;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.workflow.ExecutorSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Builds the command and ORK_* environment of a process or python task and starts it (docs/executors.md). */
final class ProcessLauncher {

  private static final ObjectMapper MAPPER = dev.ork.core.workflow.WorkflowJson.MAPPER; // warm already: the compiler used it

  private static final Pattern START_ERRNO = Pattern.compile("error(?:=|: )(\\d+)");

  private final Path root;
  /** This JVM's environment with the extra environment over it: the same for every task, so merged once. */
  private final Map<String, String> baseEnv;
  private final Path runtimeDir;
  private final String python;
  private final TaskInputFiles inputs;
  private final Spawner spawner;
  private volatile Path runner;

  /** {@code root} is absolute and normalised; {@code extraEnv} is an immutable copy. */
  ProcessLauncher(Path root, Map<String, String> extraEnv, Path runtimeDir, Spawner spawner) {
    this.root = root;
    this.spawner = spawner;
    var base = new HashMap<>(System.getenv());
    base.putAll(extraEnv);
    this.baseEnv = base;
    this.runtimeDir = runtimeDir;
    this.inputs = new TaskInputFiles();
    String py = extraEnv.get("ORK_PYTHON");
    if (py == null || py.isBlank()) {
      py = System.getenv("ORK_PYTHON");
    }
    this.python = py == null || py.isBlank() ? "python3" : py;
  }

  /** A started task and the file holding its input to remove once the attempt is over (null: a shared one). */
  record Spawned(Process process, Path inputFile) {}

  /** Starts the task with stdin at EOF; a failure that cannot heal on retry is non-retryable. */
  Spawned spawn(TaskLaunch launch) throws LaunchException {
    ExecutorSpec spec = launch.task().executor();
    String task = launch.task().name();
    List<String> command = new ArrayList<>(3);
    String shellCommand = null; // split once the task's PATH is known (ShellCommand)
    Map<String, String> env = new HashMap<>(4);
    switch (spec) {
      case ExecutorSpec.Process p -> {
        if (p.command() != null && !p.command().isBlank()) {
          shellCommand = p.command();
        } else if (p.file() != null && !p.file().isBlank()) {
          Path file = existingFile(task, p.file());
          if (!Files.isExecutable(file)) {
            throw new LaunchException("task " + task + ": file " + p.file() + " is not executable (chmod +x it)", false);
          }
          command.add(file.toString());
        } else {
          throw new LaunchException("task " + task + ": process executor needs a command or a file", false);
        }
      }
      case ExecutorSpec.Python py -> {
        if (py.file() != null && !py.file().isBlank()) {
          env.put("ORK_TASK_FILE", existingFile(task, py.file()).toString());
        } else if (py.module() != null && !py.module().isBlank()) {
          env.put("ORK_TASK_MODULE", py.module());
        } else {
          throw new LaunchException("task " + task + ": python executor needs a file or a module", false);
        }
        env.put("ORK_TASK_FUNCTION", py.function() == null || py.function().isBlank() ? "main" : py.function());
        command.add(python);
        command.add(runner().toString());
      }
      default -> throw new LaunchException(
          "task " + task + ": the process executor cannot run executor kind " + spec.kind(), false);
    }

    Map<String, String> penv = new HashMap<>(baseEnv);
    if (shellCommand != null) command.addAll(ShellCommand.argv(shellCommand, penv.get("PATH"), root));
    String json = inputJson(launch.input());
    Path inputFile = inputs.write(task, json);
    penv.put("ORK_INPUT_FILE", inputFile.toString());
    if (TaskInputFiles.fitsInEnvironment(json)) {
      penv.put("ORK_INPUT_JSON", json);
    } else {
      penv.remove("ORK_INPUT_JSON"); // over Linux's 128 KiB per variable: only the file has it
    }
    penv.put("ORK_ATTEMPT", Integer.toString(launch.attempt()));
    penv.put("ORK_RUN_ID", launch.runId());
    penv.put("ORK_TASK_NAME", task);
    penv.put("ORK_WORKFLOW_NAME", launch.workflowName() == null ? "" : launch.workflowName());
    if (launch.intervalStart() != null) penv.put("ORK_INTERVAL_START", launch.intervalStart().toString());
    if (launch.intervalEnd() != null) penv.put("ORK_INTERVAL_END", launch.intervalEnd().toString());
    penv.putAll(env);
    if (spec instanceof ExecutorSpec.Python) {
      String existing = penv.get("PYTHONPATH");
      penv.put("PYTHONPATH", existing == null || existing.isBlank() ? root.toString() : root + File.pathSeparator + existing);
      penv.putIfAbsent("PYTHONUNBUFFERED", "1");
      penv.putIfAbsent("PYTHONIOENCODING", "utf-8");
    }
    try {
      Path own = inputs.ownedByAttempt(inputFile) ? inputFile : null;
      return new Spawned(spawner.start(command, penv, root), own);
    } catch (IOException e) {
      if (inputs.ownedByAttempt(inputFile)) TaskInputFiles.delete(inputFile);
      throw new LaunchException("cannot start task " + task + " (" + command.get(0) + "): " + e.getMessage(),
          !permanent(e));
    }
  }

  /**
   * Whether a start failure cannot heal on retry: ENOENT (2), E2BIG (7, input too large for the
   * environment), EACCES (13). The JDK words the errno {@code error=2,} or (JDK 25's jspawnhelper)
   * {@code error: 2 (}; {@link Spawner#posix()} the former.
   */
  static boolean permanent(IOException e) {
    var m = START_ERRNO.matcher(String.valueOf(e.getMessage()));
    return m.find() && Set.of("2", "7", "13").contains(m.group(1));
  }

  private Path existingFile(String task, String relative) throws LaunchException {
    Path file = root.resolve(relative).normalize();
    if (!Files.isRegularFile(file)) {
      throw new LaunchException("task " + task + ": file not found: " + relative + " (resolved to " + file + ")", false);
    }
    return file;
  }

  /** The Python runner, installed on first use. */
  private Path runner() throws LaunchException {
    Path r = runner;
    if (r == null) {
      synchronized (this) {
        r = runner;
        if (r == null) {
          try {
            r = PythonRunner.install(runtimeDir);
          } catch (RuntimeException e) {
            throw new LaunchException("cannot install the Python runner: " + e.getMessage(), true);
          }
          runner = r;
        }
      }
    }
    return r;
  }

  /** The task's input as JSON; an empty object (most tasks without inputs) without going through Jackson. */
  private static String inputJson(JsonNode input) {
    if (input == null || input.isNull() || input.isMissingNode() || (input.isObject() && input.isEmpty())) {
      return TaskInputFiles.EMPTY; // the input every such task shares a file of
    }
    try {
      return MAPPER.writeValueAsString(input);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise task input", e);
    }
  }
}
