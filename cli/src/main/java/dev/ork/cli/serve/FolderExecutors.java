package dev.ork.cli.serve;

import dev.ork.core.port.Clock;
import dev.ork.core.port.LogStore;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.process.ProcessExecutor;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * `ork serve` runs workflows from several folders: each workflow's process and python tasks run in the
 * folder of the file it was registered from (as `ork run` runs them in the file's folder), through one
 * {@link ProcessExecutor} per folder.
 */
final class FolderExecutors implements TaskExecutor, AutoCloseable {
  private final Map<String, Path> folderOf = new ConcurrentHashMap<>();
  private final Map<Path, ProcessExecutor> executors = new ConcurrentHashMap<>();
  private final MessageQueue<StatusUpdate> statuses;
  private final LogStore logs;
  private final Path fallback;

  FolderExecutors(MessageQueue<StatusUpdate> statuses, LogStore logs, Path fallback) {
    this.statuses = statuses;
    this.logs = logs;
    this.fallback = fallback.toAbsolutePath().normalize();
  }

  /** Where the tasks of {@code workflow} run from now on. */
  void place(String workflow, Path folder) {
    folderOf.put(workflow, folder.toAbsolutePath().normalize());
  }

  private ProcessExecutor forWorkflow(String workflow) {
    var folder = folderOf.getOrDefault(workflow, fallback);
    return executors.computeIfAbsent(folder, f -> new ProcessExecutor(f, statuses, logs, Clock.system()));
  }

  @Override
  public String launch(TaskLaunch launch) throws LaunchException {
    return forWorkflow(launch.workflowName()).launch(launch);
  }

  @Override
  public void stop(String runId, String taskName, int attempt, String executionId, String reason) {
    executors.values().forEach(e -> e.stop(runId, taskName, attempt, executionId, reason));
  }

  @Override
  public void close() {
    executors.values().forEach(ProcessExecutor::close);
  }
}
