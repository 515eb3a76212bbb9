package dev.ork.infra.events;

import dev.ork.core.run.TaskRun;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The start times of attempts read lately (bounded: the oldest are forgotten), to time their finish. */
final class TaskStarts {
  private static final int MAX = 1_000;
  private final Map<String, Instant> starts = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > MAX;
    }
  };

  synchronized Optional<TaskRun> seen(Optional<TaskRun> task) {
    task.filter(t -> t.startedAt() != null && !t.status().isTerminal())
        .ifPresent(t -> starts.put(key(t.runId(), t.taskName(), t.attempt()), t.startedAt()));
    return task;
  }

  synchronized Instant take(String runId, String taskName, int attempt) {
    return starts.remove(key(runId, taskName, attempt));
  }

  private static String key(String runId, String taskName, int attempt) {
    return runId + '\u0000' + taskName + '\u0000' + attempt;
  }
}
