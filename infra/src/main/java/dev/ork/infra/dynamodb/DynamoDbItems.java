package dev.ork.infra.dynamodb;

import static dev.ork.infra.store.InstantText.format;
import static dev.ork.infra.store.InstantText.parse;

import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.infra.store.JsonText;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Keys and the mapping between Ork's records and DynamoDB items. */
final class DynamoDbItems {
  private DynamoDbItems() {}

  static final String META = "META";
  /** The run META's attribute naming its watchdog's due time (RunWatchdogs), when one was sent. */
  static final String WATCHDOG_AT = "watchdogAt";

  /** The watchdog due time recorded on a run META item, or null. */
  static Instant watchdogAt(Map<String, AttributeValue> runItem) {
    return parse(str(runItem, WATCHDOG_AT));
  }

  static String runPk(String runId) {
    return "RUN#" + runId;
  }

  static String taskSk(String taskName) {
    return "TASK#" + taskName;
  }

  static String workflowPk(String name) {
    return "WF#" + name;
  }

  static String idempotencyPk(String workflow, String key) {
    return "IDEMP#" + workflow.length() + ":" + workflow + "#" + key;
  }

  static String runSortKey(Instant createdAt, String runId) {
    return format(createdAt) + "#" + runId;
  }

  static int shard(String value, int shards) {
    return Math.floorMod(value.hashCode(), shards);
  }

  static String statusPk(RunStatus status, String runId, int shards) {
    return "RSTATUS#" + status.name() + "#" + shard(runId, shards);
  }


  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of("PK", s(pk), "SK", s(sk));
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  static long epochSeconds(Instant at) {
    return at.getEpochSecond();
  }

  static Map<String, AttributeValue> runItem(Run r, int shards) {
    var item = new HashMap<String, AttributeValue>();
    item.put("PK", s(runPk(r.runId())));
    item.put("SK", s(META));
    item.put("type", s("run"));
    item.put("GSI1PK", s(workflowPk(r.workflowName())));
    item.put("GSI2PK", s(statusPk(r.status(), r.runId(), shards)));
    item.put("GSI3PK", s("RUNS#" + shard(r.runId(), shards)));
    item.put("GSISK", s(runSortKey(r.createdAt(), r.runId())));
    item.put("runId", s(r.runId()));
    item.put("workflowName", s(r.workflowName()));
    put(item, "snapshotHash", r.snapshotHash());
    item.put("status", s(r.status().name()));
    put(item, "triggeredBy", r.triggeredBy());
    put(item, "idempotencyKey", r.idempotencyKey());
    put(item, "overrides", JsonText.write(r.overrides()));
    item.put("taskCount", n(r.taskCount()));
    item.put("tasksTerminal", n(r.tasksTerminal()));
    item.put("tasksFailed", n(r.tasksFailed()));
    put(item, "error", r.error());
    put(item, "createdAt", format(r.createdAt()));
    put(item, "startedAt", format(r.startedAt()));
    put(item, "finishedAt", format(r.finishedAt()));
    put(item, "updatedAt", format(r.createdAt()));
    put(item, "intervalStart", format(r.intervalStart()));
    put(item, "intervalEnd", format(r.intervalEnd()));
    put(item, "backfillId", r.backfillId());
    return item;
  }

  static Run run(Map<String, AttributeValue> i) {
    return new Run(str(i, "runId"), str(i, "workflowName"), str(i, "snapshotHash"),
        RunStatus.valueOf(str(i, "status")), str(i, "triggeredBy"), str(i, "idempotencyKey"),
        JsonText.read(str(i, "overrides")), num(i, "taskCount"), num(i, "tasksTerminal"), num(i, "tasksFailed"),
        str(i, "error"), parse(str(i, "createdAt")), parse(str(i, "startedAt")), parse(str(i, "finishedAt")),
        parse(str(i, "intervalStart")), parse(str(i, "intervalEnd")), str(i, "backfillId"));
  }

  static Map<String, AttributeValue> taskItem(String runId, TaskRun t) {
    var item = new HashMap<String, AttributeValue>();
    item.put("PK", s(runPk(runId)));
    item.put("SK", s(taskSk(t.taskName())));
    item.put("type", s("task"));
    item.put("runId", s(runId));
    item.put("taskName", s(t.taskName()));
    item.put("status", s(t.status().name()));
    item.put("attempt", n(t.attempt()));
    item.put("maxAttempts", n(t.maxAttempts()));
    put(item, "executionId", t.executionId());
    put(item, "output", JsonText.write(t.output()));
    put(item, "error", t.error());
    put(item, "queuedAt", format(t.queuedAt()));
    put(item, "startedAt", format(t.startedAt()));
    put(item, "finishedAt", format(t.finishedAt()));
    put(item, "deadline", format(t.deadline()));
    put(item, "retryAt", format(t.retryAt()));
    put(item, "item", JsonText.write(t.item()));
    if (t.instances() > 0) item.put("instances", n(t.instances()));
    if (t.instancesDone() > 0) item.put("instancesDone", n(t.instancesDone()));
    return item;
  }

  static TaskRun task(Map<String, AttributeValue> i) {
    return new TaskRun(str(i, "runId"), str(i, "taskName"), TaskStatus.valueOf(str(i, "status")), num(i, "attempt"),
        num(i, "maxAttempts"), str(i, "executionId"), JsonText.read(str(i, "output")), str(i, "error"),
        parse(str(i, "queuedAt")), parse(str(i, "startedAt")), parse(str(i, "finishedAt")),
        parse(str(i, "deadline")), parse(str(i, "retryAt")), JsonText.read(str(i, "item")), num(i, "instances"),
        num(i, "instancesDone"));
  }

  private static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  static String str(Map<String, AttributeValue> item, String name) {
    var v = item.get(name);
    return v == null ? null : v.s();
  }

  static int num(Map<String, AttributeValue> item, String name) {
    var v = item.get(name);
    return v == null ? 0 : Integer.parseInt(v.n());
  }
}
