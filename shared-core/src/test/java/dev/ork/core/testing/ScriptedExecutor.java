package dev.ork.core.testing;

import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** An executor that records launches and stops; tests report outcomes through the status queue. */
public final class ScriptedExecutor implements TaskExecutor {
  public record Stop(String runId, String taskName, int attempt, String executionId, String reason) {}

  private final List<TaskLaunch> launches = new ArrayList<>();
  private final List<Stop> stops = new ArrayList<>();
  private final Map<String, LaunchException> failNext = new HashMap<>();
  private final Map<String, RuntimeException> throwNext = new HashMap<>();
  private Predicate<TaskLaunch> onLaunch = l -> true;

  @Override
  public synchronized String launch(TaskLaunch launch) throws LaunchException {
    var failure = failNext.remove(launch.task().name());
    if (failure != null) throw failure;
    var thrown = throwNext.remove(launch.task().name());
    if (thrown != null) throw thrown;
    launches.add(launch);
    onLaunch.test(launch);
    return "exec-" + launch.attemptId();
  }

  @Override
  public synchronized void stop(String runId, String taskName, int attempt, String executionId, String reason) {
    stops.add(new Stop(runId, taskName, attempt, executionId, reason));
  }

  public synchronized void failNextLaunch(String task, String message, boolean retryable) {
    failNext.put(task, new LaunchException(message, retryable));
  }

  /** The next launch of {@code task} throws {@code e}: an error the executor did not turn into a refusal. */
  public synchronized void throwOnNextLaunch(String task, RuntimeException e) {
    throwNext.put(task, e);
  }

  /** Called on every launch (e.g. to check readiness invariants). */
  public synchronized void onLaunch(Predicate<TaskLaunch> check) {
    this.onLaunch = check;
  }

  public synchronized List<TaskLaunch> launches() {
    return List.copyOf(launches);
  }

  public synchronized List<String> launchedTasks() {
    return launches.stream().map(l -> l.task().name()).toList();
  }

  public synchronized List<Stop> stops() {
    return List.copyOf(stops);
  }
}
