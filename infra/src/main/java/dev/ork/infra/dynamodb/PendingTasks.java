package dev.ork.infra.dynamodb;

import static dev.ork.infra.dynamodb.DynamoDbItems.key;
import static dev.ork.infra.dynamodb.DynamoDbItems.n;
import static dev.ork.infra.dynamodb.DynamoDbItems.runPk;
import static dev.ork.infra.dynamodb.DynamoDbItems.s;

import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lazily created task items (docs/dynamodb.md "Pending tasks"): {@code createRun} writes no item for a
 * task that is merely pending, only one list item ({@code SK = TASKS#}, name → attempt budget) beside the
 * run's META; an absent item of a listed task reads as PENDING at attempt 0, and the first write from
 * PENDING (the claim, a queueing, an upstream failure, a cancel, a dependency mark) creates the item.
 * The list never changes once written, so each process keeps the lists it read.
 */
final class PendingTasks {
  static final String SK = "TASKS#";
  /** A larger list (≈ 15,000 task names) is not worth an item of its own: such runs get their items up front. */
  private static final long MAX_LIST_BYTES = 300_000;
  private static final int CACHED_RUNS = 512;

  private final DynamoDbClient client;
  private final String table;
  private final Map<String, Map<String, Integer>> lists = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Map<String, Integer>> e) {
          return size() > CACHED_RUNS;
        }
      });

  PendingTasks(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  /** A row {@code createRun} may leave absent: pending at attempt 0 with nothing else recorded. */
  static boolean lazy(TaskRun t) {
    return t.equals(TaskRun.pending(t.runId(), t.taskName(), t.maxAttempts()));
  }

  /** The list item for {@code pending} (name → maxAttempts), or null when there is none or it would be too large. */
  static Map<String, AttributeValue> listItem(String runId, List<TaskRun> pending) {
    if (pending.isEmpty()) return null;
    var names = new HashMap<String, AttributeValue>();
    pending.forEach(t -> names.put(t.taskName(), n(t.maxAttempts())));
    var item = Map.of("PK", s(runPk(runId)), "SK", s(SK), "type", s("tasklist"), "tasks", AttributeValue.fromM(names));
    return ItemSize.of(item) > MAX_LIST_BYTES ? null : item;
  }

  /** The listed tasks of a run (name → maxAttempts); empty for a run without a list (or no run). */
  Map<String, Integer> of(String runId) {
    var known = lists.get(runId);
    if (known != null) return known;
    var item = client.getItem(b -> b.tableName(table).key(key(runPk(runId), SK)).consistentRead(true)).item();
    if (item == null || item.isEmpty()) return Map.of(); // not cached: a run being created may list its tasks in a moment
    return remember(runId, item);
  }

  /** Keeps a list item read by a query of the run's partition. */
  Map<String, Integer> remember(String runId, Map<String, AttributeValue> item) {
    var out = new HashMap<String, Integer>();
    item.get("tasks").m().forEach((name, max) -> out.put(name, Integer.parseInt(max.n())));
    var list = Map.copyOf(out);
    lists.put(runId, list);
    return list;
  }

  /** The pending row an absent item of a listed task stands for. */
  static TaskRun pending(String runId, String taskName, int maxAttempts) {
    return TaskRun.pending(runId, taskName, maxAttempts);
  }

  /**
   * Makes {@code u} a write that also applies to the absent item of a listed task, as a write from
   * PENDING at attempt 0 would: condition {@code attribute_not_exists(status) OR (the usual guard)},
   * and the attributes an item starts with, set only if absent.
   */
  static void orAbsent(UpdateBuilder u, String runId, String taskName, int maxAttempts) {
    startsItem(u.orIfAbsent("status"), runId, taskName, maxAttempts);
  }

  /** Sets the attributes an item of a listed task starts with, each only if absent. */
  static UpdateBuilder startsItem(UpdateBuilder u, String runId, String taskName, int maxAttempts) {
    return u.setIfNotExists("type", s("task")).setIfNotExists("runId", s(runId)).setIfNotExists("taskName", s(taskName))
        .setIfNotExists("maxAttempts", n(maxAttempts));
  }

  /** Whether a write guarded by {@code from} at {@code attempt} may find the task's item absent. */
  static boolean fromPending(java.util.Set<TaskStatus> from, int attempt) {
    return attempt == 0 && from.contains(TaskStatus.PENDING);
  }
}
