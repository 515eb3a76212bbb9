package dev.ork.infra.dynamodb;

import dev.ork.core.run.Run;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one handler batch has read of its runs and tasks ({@link DynamoDbRunStore#holdingCounts}), served
 * to the batch's later maybe-stale reads instead of reading again. A copy is dropped when the store
 * writes its item, so it is never older than the batch; every write that follows a maybe-stale read is
 * fenced by its condition anyway (docs/dynamodb.md "Conditional writes and races").
 */
final class BatchReads {
  private final Map<String, Run> runs = new HashMap<>();
  /** The run META's recorded watchdog due time, by run (absent: none recorded, or no copy). */
  private final Map<String, java.time.Instant> watchdogs = new HashMap<>();
  /** Prefetched task items by run and task; an empty item: the task had none (pending, or unknown). */
  private final Map<String, Map<String, AttributeValue>> tasks = new HashMap<>();

  Run run(String runId) {
    return runs.get(runId);
  }

  void putRun(Run run, java.time.Instant watchdogAt) {
    runs.put(run.runId(), run);
    if (watchdogAt == null) watchdogs.remove(run.runId());
    else watchdogs.put(run.runId(), watchdogAt);
  }

  /** The watchdog recorded on the batch's copy of the run; null without a copy or a recorded one. */
  java.time.Instant watchdog(String runId) {
    return runs.containsKey(runId) ? watchdogs.get(runId) : null;
  }

  void forgetRun(String runId) {
    runs.remove(runId);
    watchdogs.remove(runId);
  }

  /** The prefetched item of the task, once (a second read goes to the table); null when none is held. */
  Map<String, AttributeValue> takeTask(String runId, String taskName) {
    return tasks.remove(runId + "\n" + taskName);
  }

  void putTask(String runId, String taskName, Map<String, AttributeValue> item) {
    tasks.put(runId + "\n" + taskName, item);
  }

  void forgetTask(String runId, String taskName) {
    tasks.remove(runId + "\n" + taskName);
  }
}
