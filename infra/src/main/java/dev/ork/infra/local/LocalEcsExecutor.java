package dev.ork.infra.local;

import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.ExecutorSpec;
import java.util.Map;
import java.util.Objects;

/**
 * Runs {@code executor: ecs} tasks on a laptop ({@code ork run}) as local processes: the task's
 * {@code command} runs through the given process executor exactly like {@code executor: process}
 * ({@code sh -c <command>} in the workflow root, the same ORK_* environment, output from the last
 * {@code ORK_OUTPUT:} stdout line), with the task's {@code environment} exported first. Nothing about
 * the container (image, cluster, network) is used. A task without a {@code command} fails to launch,
 * non-retryably, saying what to add.
 */
public final class LocalEcsExecutor implements TaskExecutor {

  public static final String KIND = "ecs";
  private final TaskExecutor processes;

  public LocalEcsExecutor(TaskExecutor processes) {
    this.processes = Objects.requireNonNull(processes, "processes");
  }

  @Override
  public String launch(TaskLaunch launch) throws LaunchException {
    var t = launch.task();
    if (!(t.executor() instanceof ExecutorSpec.Ecs spec)) {
      throw new LaunchException("task " + t.name() + " is not an ecs task", false);
    }
    if (spec.command() == null || spec.command().isBlank()) {
      throw new LaunchException("ecs task '" + t.name() + "' has no command: add `command: <shell command>` (what the "
          + "container runs) to run it locally", false);
    }
    ExecutorSpec.Process process;
    try {
      process = new ExecutorSpec.Process(withEnvironment(spec.environment(), spec.command()), null);
    } catch (IllegalArgumentException e) {
      throw new LaunchException("ecs task '" + t.name() + "': " + e.getMessage(), false);
    }
    var local = new CompiledTask(t.name(), t.index(), process, t.dependsOn(), t.inputs(), t.inputType(), t.outputType(),
        t.timeout(), t.retries());
    return processes.launch(new TaskLaunch(launch.runId(), launch.workflowName(), local, launch.attempt(), launch.input()));
  }

  @Override
  public void stop(String runId, String taskName, int attempt, String executionId, String reason) {
    processes.stop(runId, taskName, attempt, executionId, reason);
  }

  /** {@code export K='v'; … command}: the spec's environment, shell-quoted, before the command. */
  static String withEnvironment(Map<String, String> env, String command) {
    if (env == null || env.isEmpty()) return command;
    var sb = new StringBuilder();
    env.forEach((k, v) -> {
      if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("invalid environment name " + k);
      sb.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'; ");
    });
    return sb.append(command).toString();
  }
}
