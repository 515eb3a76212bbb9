package dev.ork.infra.dynamodb;

import static dev.ork.infra.dynamodb.DynamoDbItems.META;
import static dev.ork.infra.dynamodb.DynamoDbItems.key;
import static dev.ork.infra.dynamodb.DynamoDbItems.n;
import static dev.ork.infra.dynamodb.DynamoDbItems.runPk;
import static dev.ork.infra.dynamodb.DynamoDbItems.s;
import static dev.ork.infra.dynamodb.DynamoDbItems.taskSk;
import static dev.ork.infra.store.InstantText.format;

import dev.ork.core.port.RunStore;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.infra.store.BatchHold;
import dev.ork.infra.store.InstantText;
import dev.ork.infra.store.JsonText;
import dev.ork.infra.store.RunCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link RunStore} on one DynamoDB table (layout in docs/dynamodb.md). Every state change is a
 * conditional write; finishTask is the fenced task update, then an ADD on the run's counters that
 * returns the run as it is right after that ADD. Nothing here scans the table.
 */
public final class DynamoDbRunStore implements RunStore {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(DynamoDbRunStore.class.getName());

  private final DynamoDbClient client;
  private final DynamoDbStoreConfig config;
  private final String table;
  private final PendingTasks pending;

  public DynamoDbRunStore(DynamoDbClient client, DynamoDbStoreConfig config) {
    this.client = client;
    this.config = config;
    this.table = config.tableName();
    this.pending = new PendingTasks(client, table);
  }

  // --- create and read -------------------------------------------------------------------------

  @Override
  public Run createRun(Run run, List<TaskRun> tasks) {
    var meta = DynamoDbItems.runItem(run, config.shards());
    ItemSize.check("run " + run.runId() + " (overrides)", meta);
    // Merely pending tasks get no item yet, only a line in the run's task list (PendingTasks).
    var list = PendingTasks.listItem(run.runId(), tasks.stream().filter(PendingTasks::lazy).toList());
    var taskItems = new ArrayList<Map<String, AttributeValue>>(tasks.size());
    for (var t : tasks) {
      if (list != null && PendingTasks.lazy(t)) continue;
      checkOutput(run.runId(), t.taskName(), t.output());
      var item = DynamoDbItems.taskItem(run.runId(), t);
      ItemSize.check("task " + t.taskName() + " of run " + run.runId(), item);
      taskItems.add(item);
    }
    var putMeta = Put.builder().tableName(table).item(meta).conditionExpression("attribute_not_exists(PK)").build();
    var putList = list == null ? null : TransactWriteItem.builder().put(p -> p.tableName(table).item(list)
        .conditionExpression("attribute_not_exists(PK)")).build();
    if (run.idempotencyKey() == null && putList == null) {
      client.putItem(b -> b.tableName(table).item(meta).conditionExpression("attribute_not_exists(PK)"));
    } else if (run.idempotencyKey() == null) { // the list and the run appear together, or neither does
      client.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(putMeta).build(), putList));
    } else {
      var idemPk = DynamoDbItems.idempotencyPk(run.workflowName(), run.idempotencyKey());
      var idem = Map.of("PK", s(idemPk), "SK", s(META), "type", s("idempotency"), "runId", s(run.runId()),
          "expiresAt", n(run.createdAt().plus(config.retention()).getEpochSecond()));
      var items = new ArrayList<TransactWriteItem>(List.of(TransactWriteItem.builder().put(putMeta).build(),
          TransactWriteItem.builder().put(p -> p.tableName(table).item(idem).conditionExpression("attribute_not_exists(PK)")).build()));
      if (putList != null) items.add(putList);
      try {
        client.transactWriteItems(b -> b.transactItems(items));
      } catch (TransactionCanceledException e) {
        var reasons = e.cancellationReasons();
        if (reasons.size() >= 2 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
          var existing = runByKey(run.workflowName(), run.idempotencyKey());
          if (existing.isPresent()) return existing.get();
        }
        throw e;
      }
    }
    if (list != null) pending.remember(run.runId(), list);
    DynamoDbBatch.putAll(client, table, taskItems);
    return run;
  }

  @Override
  public Optional<Run> run(String runId) {
    return readRun(runId, true);
  }

  /** Two consistent reads: the key's item, then the run it names. */
  @Override
  public Optional<Run> runByKey(String workflowName, String key) {
    var idem = client.getItem(b -> b.tableName(table).key(key(DynamoDbItems.idempotencyPk(workflowName, key), META))
        .consistentRead(true)).item();
    if (idem == null || idem.isEmpty()) return Optional.empty();
    return Optional.of(run(idem.get("runId").s()).orElseThrow(() -> new IllegalStateException(
        "idempotency key " + key + " points at a missing run")));
  }

  /** An eventually consistent GetItem: half the read units of {@link #run}. */
  @Override
  public Optional<Run> runMaybeStale(String runId) {
    return readRun(runId, false);
  }

  /** Inside a handler batch, a maybe-stale read of a run the batch already read is that copy (BatchReads). */
  private Optional<Run> readRun(String runId, boolean consistent) {
    var batch = held.current();
    if (!consistent && batch != null && batch.reads.run(runId) != null) return Optional.of(batch.reads.run(runId));
    var item = client.getItem(b -> b.tableName(table).key(key(runPk(runId), META)).consistentRead(consistent)).item();
    var run = item == null || item.isEmpty() ? Optional.<Run>empty() : Optional.of(DynamoDbItems.run(item));
    if (batch != null) run.ifPresent(r -> batch.reads.putRun(r, DynamoDbItems.watchdogAt(item)));
    return run;
  }

  /** The batch's copy of the run is dropped before this store writes the run META. */
  private void forgetRun(String runId) {
    var batch = held.current();
    if (batch != null) batch.reads.forgetRun(runId);
  }

  /** The batch's copy of the task is dropped before this store writes the task's item. */
  private void forgetTask(String runId, String taskName) {
    var batch = held.current();
    if (batch != null) batch.reads.forgetTask(runId, taskName);
  }

  /** The run counts a handler batch holds back (see {@link #holdingCounts}), per thread; null outside one. */
  private final BatchHold<HeldCounts> held = new BatchHold<>();

  private static final class HeldCounts {
    final Map<String, int[]> counts = new java.util.LinkedHashMap<>(); // runId -> {terminal, failed}
    final Map<String, Instant> lastFinish = new java.util.HashMap<>();
    final Map<String, Instant> watchdogs = new java.util.LinkedHashMap<>(); // runId -> watchdog sent, to record
    final BatchReads reads = new BatchReads();
  }

  /**
   * The due time of the run's watchdog as recorded on the run META ({@link #recordWatchdog}), from this
   * handler batch's copy of the run (its read ahead, or a read of the run inside the batch); null when
   * the batch holds no copy or none is recorded. The copy may be stale: it then shows an earlier
   * watchdog, which was sent all the same (a watchdog is recorded only after it was sent).
   */
  public Instant watchdogSeen(String runId) {
    var batch = held.current();
    return batch == null ? null : batch.reads.watchdog(runId);
  }

  /**
   * Records on the run META that the run's watchdog was sent, due at {@code due} (call it only after
   * the send succeeded). Inside a handler batch it rides on the run's write at the batch's end (its
   * counts ADD, or with cost per run on the usage ADD the batch writes anyway); outside one, or for a
   * run the batch writes nothing else to, it is an UpdateItem of its own. Last writer wins: whichever
   * value stays, its watchdog was sent.
   */
  public void recordWatchdog(String runId, Instant due) {
    var batch = held.current();
    if (batch != null) {
      batch.watchdogs.put(runId, due);
      return;
    }
    addCounts(runId, 0, 0, null, due, UsageRide.NONE);
  }

  /**
   * Runs {@code work} (a handler's batch), holding back the run counts of the finishes it applies, and
   * then adds them, one {@code ADD} per run instead of one per finish, handing each run as it is right
   * after its count to {@code counted} (the engine's completion check, {@code RunControl.counted}).
   * Inside, {@link #finishTask} returns the run as this batch last read it, without the held count. A
   * handler that dies before the end leaves the counts short: the stale-run sweep completes such a
   * run from its task items (docs/dynamodb.md "Run counters").
   */
  public <R> R holdingCounts(java.util.function.Supplier<R> work, java.util.function.Consumer<Run> counted) {
    return holdingCounts(work, counted, (runId, add) -> add.run());
  }

  /** As above; each run's ADD (and its completion check) runs inside {@code asRun} (per-run cost accounting). */
  public <R> R holdingCounts(java.util.function.Supplier<R> work, java.util.function.Consumer<Run> counted,
      java.util.function.BiConsumer<String, Runnable> asRun) {
    return holdingCounts(work, counted, asRun, UsageRide.NONE);
  }

  /** As above, each run's usage riding on its ADD ({@link UsageRide}). */
  public <R> R holdingCounts(java.util.function.Supplier<R> work, java.util.function.Consumer<Run> counted,
      java.util.function.BiConsumer<String, Runnable> asRun, UsageRide ride) {
    return held.around(HeldCounts::new, work, batch -> {
      var runs = new java.util.LinkedHashSet<>(batch.counts.keySet());
      runs.addAll(batch.watchdogs.keySet());
      for (var runId : runs) {
        var c = batch.counts.getOrDefault(runId, new int[2]);
        var watchdog = batch.watchdogs.get(runId);
        try {
          asRun.accept(runId, () -> {
            var after = addCounts(runId, c[0], c[1], batch.lastFinish.get(runId), watchdog, ride);
            if (c[0] > 0) after.ifPresent(counted);
          });
        } catch (RuntimeException e) { // short counts, or a completion not written: the stale-run sweep repairs both
          // (a watchdog not recorded: the next claim of the run sends another)
          LOG.log(java.util.logging.Level.WARNING, "run " + runId + ": adding " + c[0] + " held finish count(s) failed", e);
        }
      }
    });
  }

  /** One Query ({@code begins_with(SK, "TASK")}): the task items and the task list, whose absent items read as pending. */
  @Override
  public List<TaskRun> tasks(String runId) {
    var out = new ArrayList<TaskRun>();
    Map<String, Integer> listed = Map.of();
    var request = QueryRequest.builder().tableName(table).consistentRead(true)
        .keyConditionExpression("PK = :pk AND begins_with(SK, :task)")
        .expressionAttributeValues(Map.of(":pk", s(runPk(runId)), ":task", s("TASK"))).build();
    for (var page : client.queryPaginator(request)) {
      for (var i : page.items()) {
        if (PendingTasks.SK.equals(i.get("SK").s())) {
          listed = pending.remember(runId, i);
        } else {
          out.add(DynamoDbItems.task(i));
        }
      }
    }
    if (listed.isEmpty()) return out;
    var present = out.stream().map(TaskRun::taskName).collect(java.util.stream.Collectors.toSet());
    listed.forEach((name, max) -> {
      if (!present.contains(name)) out.add(PendingTasks.pending(runId, name, max));
    });
    out.sort(Comparator.comparing(t -> taskSk(t.taskName())));
    return out;
  }

  @Override
  public Optional<TaskRun> task(String runId, String taskName) {
    return readTask(runId, taskName, true);
  }

  /** An eventually consistent GetItem: half the read units of {@link #task}. */
  @Override
  public Optional<TaskRun> taskMaybeStale(String runId, String taskName) {
    return readTask(runId, taskName, false);
  }

  /**
   * Inside a handler batch, reads the run and the named tasks eventually consistent in one BatchGetItem
   * (BatchReads): the batch's first maybe-stale read of each is then that copy. Outside a batch: nothing.
   */
  public void prefetch(String runId, java.util.Collection<String> taskNames) {
    prefetch(runId, taskNames, true);
  }

  /** As above; {@code withRun} false: the tasks only (deadline timers mostly end on their task's copy). */
  public void prefetch(String runId, java.util.Collection<String> taskNames, boolean withRun) {
    var batch = held.current();
    if (batch == null) return;
    var names = new java.util.LinkedHashSet<>(taskNames);
    var keys = new ArrayList<Map<String, AttributeValue>>();
    if (withRun && batch.reads.run(runId) == null) keys.add(key(runPk(runId), META));
    names.forEach(name -> keys.add(key(runPk(runId), taskSk(name))));
    var bySk = new java.util.HashMap<String, Map<String, AttributeValue>>();
    DynamoDbBatch.getAll(client, table, keys, false).forEach(i -> bySk.put(i.get("SK").s(), i));
    var meta = bySk.get(META);
    if (meta != null) batch.reads.putRun(DynamoDbItems.run(meta), DynamoDbItems.watchdogAt(meta));
    names.forEach(name -> batch.reads.putTask(runId, name, bySk.getOrDefault(taskSk(name), Map.of())));
  }

  private Optional<TaskRun> readTask(String runId, String taskName, boolean consistent) {
    var batch = held.current();
    var copy = consistent || batch == null ? null : batch.reads.takeTask(runId, taskName);
    var item = copy != null ? copy
        : client.getItem(b -> b.tableName(table).key(key(runPk(runId), taskSk(taskName))).consistentRead(consistent)).item();
    if (item != null && !item.isEmpty()) return Optional.of(DynamoDbItems.task(item));
    var max = pending.of(runId).get(taskName); // not written yet: pending, if the run lists it
    return max == null ? Optional.empty() : Optional.of(PendingTasks.pending(runId, taskName, max));
  }

  // --- conditional writes ----------------------------------------------------------------------

  @Override
  public boolean transitionRun(String runId, Set<RunStatus> from, RunStatus to, Instant at, String error) {
    if (from.isEmpty()) {
      return false;
    }
    var u = new UpdateBuilder()
        .set("status", s(to.name()))
        .set("GSI2PK", s(DynamoDbItems.statusPk(to, runId, config.shards())))
        .set("updatedAt", s(format(at)))
        .setIfPresent("error", error)
        .exists().in("status", from.stream().map(Enum::name).toList());
    if (to == RunStatus.RUNNING) {
      u.setIfNotExists("startedAt", s(format(at)));
    }
    if (to.isTerminal()) {
      u.set("finishedAt", s(format(at)));
      u.set("expiresAt", n(at.plus(config.retention()).getEpochSecond()));
    }
    forgetRun(runId);
    try {
      client.updateItem(b -> b.tableName(table).key(key(runPk(runId), META))
          .updateExpression(u.updateExpression()).conditionExpression(u.conditionExpression())
          .expressionAttributeNames(u.names()).expressionAttributeValues(u.values()));
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
    if (to.isTerminal()) listExpires(runId, at.plus(config.retention()).getEpochSecond());
    return true;
  }

  /** The run's task list expires with the run (TTL, {@code null}: never, after a rerun); a run without one: nothing. */
  private void listExpires(String runId, Long epochSeconds) {
    if (pending.of(runId).isEmpty()) return;
    try {
      client.updateItem(b -> {
        b.tableName(table).key(key(runPk(runId), PendingTasks.SK)).conditionExpression("attribute_exists(PK)");
        if (epochSeconds == null) b.updateExpression("REMOVE expiresAt");
        else b.updateExpression("SET expiresAt = :e").expressionAttributeValues(Map.of(":e", n(epochSeconds)));
      });
    } catch (ConditionalCheckFailedException e) {
      // the list is gone (expired): nothing to keep
    }
  }

  @Override
  public boolean transitionTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    if (from.isEmpty()) {
      return false;
    }
    var u = taskUpdate(runId, taskName, from, attempt, patch, false);
    try {
      client.updateItem(b -> b.tableName(table).key(key(runPk(runId), taskSk(taskName)))
          .updateExpression(u.updateExpression()).conditionExpression(u.conditionExpression())
          .expressionAttributeNames(u.names()).expressionAttributeValues(u.values()));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (DynamoDbException e) {
      throw tooLarge(e, runId, taskName);
    }
  }

  @Override
  public Optional<Run> finishTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    if (from.isEmpty()) {
      return Optional.empty();
    }
    patch.requireTerminal();
    var t = taskUpdate(runId, taskName, from, attempt, patch, true);
    try {
      client.updateItem(b -> b.tableName(table).key(key(runPk(runId), taskSk(taskName)))
          .updateExpression(t.updateExpression()).conditionExpression(t.conditionExpression())
          .expressionAttributeNames(t.names()).expressionAttributeValues(t.values()));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    } catch (DynamoDbException e) {
      throw tooLarge(e, runId, taskName);
    }
    // Only the caller whose fenced task write won gets here, so the count is added once per finish
    // (a crash in between leaves it short; see docs/dynamodb.md "Run counters").
    int failed = patch.status() == TaskStatus.SUCCEEDED ? 0 : 1;
    var batch = held.current();
    if (batch != null) { // counted at the end of the handler's batch, with the other finishes of this run
      var c = batch.counts.computeIfAbsent(runId, k -> new int[2]);
      c[0]++;
      c[1] += failed;
      if (patch.finishedAt() != null) batch.lastFinish.merge(runId, patch.finishedAt(), (a, b) -> a.isAfter(b) ? a : b);
      var seen = batch.reads.run(runId);
      return seen != null ? Optional.of(seen) : readRun(runId, false);
    }
    return addCounts(runId, 1, failed, patch.finishedAt(), null, UsageRide.NONE);
  }

  /**
   * Adds finished tasks to the run's counters, with the usage {@code ride} gives (one UpdateItem); the
   * run right after the ADD, or empty when it is gone.
   */
  private Optional<Run> addCounts(String runId, int terminal, int failed, Instant lastFinish, Instant watchdog, UsageRide ride) {
    var r = new UpdateBuilder().exists();
    if (terminal > 0 || watchdog == null) r.add("tasksTerminal", n(terminal)).add("tasksFailed", n(failed));
    if (lastFinish != null) {
      r.set("updatedAt", s(format(lastFinish)));
    }
    if (watchdog != null) r.set(DynamoDbItems.WATCHDOG_AT, s(format(watchdog)));
    var usage = ride.take(runId);
    if (!usage.isZero()) DynamoDbRunUsage.addTo(r, usage);
    try {
      var after = client.updateItem(b -> b.tableName(table).key(key(runPk(runId), META))
          .updateExpression(r.updateExpression()).conditionExpression(r.conditionExpression())
          .expressionAttributeNames(r.names()).expressionAttributeValues(r.values())
          .returnValues(ReturnValue.ALL_NEW));
      ride.done(runId, usage, true);
      return Optional.of(DynamoDbItems.run(after.attributes()));
    } catch (ConditionalCheckFailedException e) {
      ride.done(runId, usage, false);
      return Optional.empty(); // the run item is gone (expired)
    } catch (RuntimeException e) {
      ride.done(runId, usage, null);
      throw e;
    }
  }

  // --- foreach ----------------------------------------------------------------------------------

  /** The fenced task write, then (only for its winner) the instance items in batches and the run's count. */
  @Override
  public boolean expandTask(String runId, String taskName, Set<TaskStatus> from, TaskPatch patch, List<TaskRun> instances) {
    if (from.isEmpty()) return false;
    var u = taskUpdate(runId, taskName, from, 0, patch, false).set("instances", n(instances.size()));
    try {
      client.updateItem(b -> b.tableName(table).key(key(runPk(runId), taskSk(taskName)))
          .updateExpression(u.updateExpression()).conditionExpression(u.conditionExpression())
          .expressionAttributeNames(u.names()).expressionAttributeValues(u.values()));
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
    var items = new ArrayList<Map<String, AttributeValue>>(instances.size());
    for (var t : instances) {
      var item = DynamoDbItems.taskItem(runId, t);
      ItemSize.check("task " + t.taskName() + " of run " + runId, item);
      items.add(item);
    }
    DynamoDbBatch.putAll(client, table, items);
    addToTaskCount(runId, instances.size());
    return true;
  }

  /** One conditional put per task (attribute_not_exists): a repair, so rare; a row that moved on is kept. */
  @Override
  public int createMissingTasks(String runId, List<TaskRun> tasks) {
    int added = 0;
    for (var t : tasks) {
      var item = DynamoDbItems.taskItem(runId, t);
      forgetTask(runId, t.taskName());
      try {
        client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
        added++;
      } catch (ConditionalCheckFailedException e) {
        // there already
      }
    }
    if (added > 0) addToTaskCount(runId, added);
    return added;
  }

  private void addToTaskCount(String runId, int count) {
    forgetRun(runId);
    client.updateItem(b -> b.tableName(table).key(key(runPk(runId), META))
        .updateExpression("ADD taskCount :n").conditionExpression("attribute_exists(PK)")
        .expressionAttributeValues(Map.of(":n", n(count))));
  }

  @Override
  public TaskRun countInstanceDone(String runId, String taskName) {
    forgetTask(runId, taskName);
    var after = client.updateItem(b -> b.tableName(table).key(key(runPk(runId), taskSk(taskName)))
        .updateExpression("ADD instancesDone :one").conditionExpression("attribute_exists(PK)")
        .expressionAttributeValues(Map.of(":one", n(1))).returnValues(ReturnValue.ALL_NEW));
    return DynamoDbItems.task(after.attributes());
  }

  /** One Query on the run's partition: the sort keys {@code TASK#<task>[...}. */
  @Override
  public List<TaskRun> instances(String runId, String taskName) {
    var out = new ArrayList<TaskRun>();
    var request = QueryRequest.builder().tableName(table).consistentRead(true)
        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
        .expressionAttributeValues(Map.of(":pk", s(runPk(runId)), ":prefix", s(taskSk(taskName) + "["))).build();
    for (var page : client.queryPaginator(request)) {
      page.items().forEach(i -> out.add(DynamoDbItems.task(i)));
    }
    out.sort(Comparator.comparingInt(t -> dev.ork.core.workflow.Instances.indexOf(t.taskName())));
    return out;
  }

  @Override
  public boolean redriveTask(String runId, String taskName, Set<TaskStatus> from, int attempt, int maxAttempts) {
    if (from.isEmpty()) {
      return false;
    }
    var u = new UpdateBuilder().exists()
        .in("status", from.stream().map(Enum::name).toList())
        .equal("attempt", n(attempt))
        .set("status", s(TaskStatus.PENDING.name()))
        .set("maxAttempts", n(maxAttempts));
    for (var gone : List.of("DLPK", "executionId", "output", "error", "queuedAt", "startedAt", "finishedAt",
        "deadline", "retryAt", "expiresAt")) {
      u.remove(gone);
    }
    forgetTask(runId, taskName);
    return update(key(runPk(runId), taskSk(taskName)), u);
  }

  @Override
  public boolean redriveRun(String runId, Set<RunStatus> from, int tasksTerminal, int tasksFailed, String triggeredBy, Instant at) {
    if (from.isEmpty()) {
      return false;
    }
    var u = new UpdateBuilder().exists()
        .in("status", from.stream().map(Enum::name).toList())
        .set("status", s(RunStatus.RUNNING.name()))
        .set("GSI2PK", s(DynamoDbItems.statusPk(RunStatus.RUNNING, runId, config.shards())))
        .set("tasksTerminal", n(tasksTerminal))
        .set("tasksFailed", n(tasksFailed))
        .set("updatedAt", s(format(at)))
        .setIfPresent("triggeredBy", triggeredBy);
    u.remove("error");
    u.remove("finishedAt");
    u.remove("expiresAt");
    forgetRun(runId);
    if (!update(key(runPk(runId), META), u)) return false;
    listExpires(runId, null);
    return true;
  }

  private boolean update(Map<String, AttributeValue> itemKey, UpdateBuilder u) {
    try {
      client.updateItem(b -> b.tableName(table).key(itemKey)
          .updateExpression(u.updateExpression()).conditionExpression(u.conditionExpression())
          .expressionAttributeNames(u.names()).expressionAttributeValues(u.values()));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public int markDependencySatisfied(String runId, String dependent, String dependency) {
    var u = new UpdateBuilder().add("satisfiedDeps", AttributeValue.fromSs(List.of(dependency)));
    var max = pending.of(runId).get(dependent);
    if (max == null) {
      u.exists();
    } else { // a listed task: this mark may create its item, pending
      PendingTasks.startsItem(u, runId, dependent, max)
          .setIfNotExists("status", s(TaskStatus.PENDING.name())).setIfNotExists("attempt", n(0));
    }
    forgetTask(runId, dependent);
    try {
      var response = client.updateItem(b -> b.tableName(table).key(key(runPk(runId), taskSk(dependent)))
          .updateExpression(u.updateExpression()).conditionExpression(u.conditionExpression())
          .expressionAttributeNames(u.names()).expressionAttributeValues(u.values())
          .returnValues(ReturnValue.ALL_NEW));
      // ALL_NEW, not UPDATED_NEW: an ADD of an element already in the set (a duplicate delivery) changes
      // nothing, and a service may then return no updated attribute at all (moto does).
      // Whatever comes back, the count is read from the item, never trusted to be there.
      var item = response.hasAttributes() && response.attributes().containsKey("satisfiedDeps") ? response.attributes()
          : client.getItem(g -> g.tableName(table).key(key(runPk(runId), taskSk(dependent))).consistentRead(true)).item();
      var deps = item == null ? null : item.get("satisfiedDeps");
      if (deps == null || !deps.hasSs()) throw new IllegalStateException("task " + dependent + " of run " + runId
          + " has no satisfiedDeps after adding " + dependency);
      return deps.ss().size();
    } catch (ConditionalCheckFailedException e) {
      throw new IllegalArgumentException("run " + runId + " has no task " + dependent, e);
    }
  }

  private UpdateBuilder taskUpdate(String runId, String taskName, Set<TaskStatus> from, int attempt,
      TaskPatch p, boolean finishing) {
    checkOutput(runId, taskName, p.output());
    forgetTask(runId, taskName); // every conditional task write is built here
    var u = new UpdateBuilder().exists()
        .in("status", from.stream().map(Enum::name).toList())
        .equal("attempt", n(attempt));
    var max = PendingTasks.fromPending(from, attempt) ? pending.of(runId).get(taskName) : null;
    if (max != null) PendingTasks.orAbsent(u, runId, taskName, max); // a listed task's first write creates its item
    u.set("attempt", n(p.attempt() != null ? p.attempt() : attempt));
    if (p.status() != null) {
      u.set("status", s(p.status().name()));
      u.remove("DLPK"); // tasks left the deadline index (delayed messages track deadlines); clears items from before
    }
    u.setIfPresent("executionId", p.executionId());
    u.setIfPresent("output", JsonText.write(p.output()));
    u.setIfPresent("error", p.error());
    u.setIfPresent("queuedAt", format(p.queuedAt()));
    u.setIfPresent("startedAt", format(p.startedAt()));
    u.setIfPresent("finishedAt", format(p.finishedAt()));
    if (p.deadline() != null) {
      u.set("deadline", s(format(p.deadline())));
    } else if (p.clearDeadline()) {
      u.remove("deadline");
    }
    u.setIfPresent("retryAt", format(p.retryAt()));
    if (finishing) {
      var at = p.finishedAt() != null ? p.finishedAt() : config.clock().instant();
      u.set("expiresAt", n(at.plus(config.retention()).getEpochSecond()));
    }
    return u;
  }

  private void checkOutput(String runId, String taskName, com.fasterxml.jackson.databind.JsonNode output) {
    if (output == null) {
      return;
    }
    long size = ItemSize.utf8(JsonText.write(output));
    if (size > config.maxOutputBytes()) {
      throw new ItemTooLargeException("output of task " + taskName + " in run " + runId, size, config.maxOutputBytes());
    }
  }

  private static RuntimeException tooLarge(DynamoDbException e, String runId, String taskName) {
    var message = String.valueOf(e.getMessage());
    if (message.contains("Item size") || message.contains("item size")) {
      return new ItemTooLargeException("task " + taskName + " of run " + runId + " after this write",
          ItemTooLargeException.DYNAMODB_ITEM_LIMIT_BYTES + 1L, ItemTooLargeException.DYNAMODB_ITEM_LIMIT_BYTES);
    }
    return e;
  }

  // --- queries ---------------------------------------------------------------------------------

  @Override
  public RunPage listRuns(RunQuery q) {
    int limit = Math.max(1, q.limit());
    String before = null;
    if (q.cursor() != null) {
      var c = RunCursor.decode(q.cursor());
      before = c[0] + "#" + c[1];
    }
    var candidates = new ArrayList<Map<String, AttributeValue>>();
    if (q.workflowName() != null) {
      Predicate<Map<String, AttributeValue>> keep = q.status() == null ? i -> true
          : i -> q.status().name().equals(DynamoDbItems.str(i, "status"));
      candidates.addAll(newestFirst(DynamoDbTables.RUNS_BY_WORKFLOW, "GSI1PK",
          DynamoDbItems.workflowPk(q.workflowName()), before, limit + 1, keep));
    } else {
      for (int shard = 0; shard < config.shards(); shard++) {
        if (q.status() != null) {
          candidates.addAll(newestFirst(DynamoDbTables.RUNS_BY_STATUS, "GSI2PK",
              "RSTATUS#" + q.status().name() + "#" + shard, before, limit + 1, i -> true));
        } else {
          candidates.addAll(newestFirst(DynamoDbTables.RUNS_BY_TIME, "GSI3PK", "RUNS#" + shard, before, limit + 1, i -> true));
        }
      }
    }
    candidates.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("GSISK").s()).reversed());
    var page = candidates.subList(0, Math.min(limit, candidates.size()));
    var runs = DynamoDbBatch.getAll(client, table, page.stream().map(i -> key(i.get("PK").s(), META)).toList())
        .stream().map(DynamoDbItems::run).toList();
    String next = null;
    if (candidates.size() > limit && !runs.isEmpty()) {
      var sk = page.getLast().get("GSISK").s();
      int cut = sk.indexOf('#');
      next = RunCursor.encode(sk.substring(0, cut), sk.substring(cut + 1));
    }
    return new RunPage(runs, next);
  }

  /** Up to {@code want} index entries of one partition, newest first, older than {@code before}. */
  private List<Map<String, AttributeValue>> newestFirst(String index, String pkName, String pk, String before, int want,
      Predicate<Map<String, AttributeValue>> keep) {
    var values = new java.util.HashMap<String, AttributeValue>();
    values.put(":pk", s(pk));
    var condition = pkName + " = :pk";
    if (before != null) {
      condition += " AND GSISK < :before";
      values.put(":before", s(before));
    }
    var request = QueryRequest.builder().tableName(table).indexName(index).keyConditionExpression(condition)
        .expressionAttributeValues(values).scanIndexForward(false).limit(want).build();
    var out = new ArrayList<Map<String, AttributeValue>>();
    for (var page : client.queryPaginator(request)) {
      for (var item : page.items()) {
        if (keep.test(item)) {
          out.add(item);
          if (out.size() >= want) {
            return out;
          }
        }
      }
    }
    return out;
  }

  /**
   * No index holds in-flight tasks (each attempt's delayed deadline message tracks its deadline), so
   * this reads every unfinished run's in-flight tasks: one eventually consistent Query per run, its
   * filter keeping those past their deadline (the read units are for all of the run's task items).
   * The backstop for a lost deadline message, called every 15 minutes by the AWS tick; the deadline
   * check that follows reads each task consistently.
   */
  @Override
  public List<TaskRun> tasksPastDeadline(Instant now, int limit) {
    var inFlight = java.util.Arrays.stream(TaskStatus.values()).filter(TaskStatus::isInFlight).toList();
    var values = new java.util.HashMap<String, AttributeValue>();
    values.put(":task", s("TASK#"));
    values.put(":now", s(InstantText.format(now)));
    for (int i = 0; i < inFlight.size(); i++) values.put(":s" + i, s(inFlight.get(i).name()));
    var in = String.join(", ", java.util.stream.IntStream.range(0, inFlight.size()).mapToObj(i -> ":s" + i).toList());
    var out = new ArrayList<TaskRun>();
    for (var runKey : unfinishedRunKeys()) {
      values.put(":pk", runKey.get("PK"));
      var request = QueryRequest.builder().tableName(table).consistentRead(false)
          .keyConditionExpression("PK = :pk AND begins_with(SK, :task)")
          .filterExpression("#status IN (" + in + ") AND deadline <= :now")
          .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(Map.copyOf(values)).build();
      for (var page : client.queryPaginator(request)) page.items().forEach(i -> out.add(DynamoDbItems.task(i)));
    }
    return out.stream().sorted(Comparator.comparing(TaskRun::deadline)).limit(limit).toList();
  }

  /** The META keys of the unfinished runs, from the runs-by-status index (all its shards; it lags a little). */
  private List<Map<String, AttributeValue>> unfinishedRunKeys() {
    var keys = new ArrayList<Map<String, AttributeValue>>();
    for (var status : RunStatus.unfinished()) {
      for (int shard = 0; shard < config.shards(); shard++) {
        var request = QueryRequest.builder().tableName(table).indexName(DynamoDbTables.RUNS_BY_STATUS)
            .keyConditionExpression("GSI2PK = :pk")
            .expressionAttributeValues(Map.of(":pk", s("RSTATUS#" + status.name() + "#" + shard))).build();
        for (var page : client.queryPaginator(request)) {
          page.items().forEach(i -> keys.add(key(i.get("PK").s(), META)));
        }
      }
    }
    return keys;
  }

  @Override
  public List<Run> runsStaleSince(Instant before, int limit) {
    var keys = unfinishedRunKeys();
    var cutoff = InstantText.format(before);
    return DynamoDbBatch.getAll(client, table, keys).stream()
        .filter(i -> !RunStatus.valueOf(DynamoDbItems.str(i, "status")).isTerminal())
        .filter(i -> DynamoDbItems.str(i, "updatedAt").compareTo(cutoff) < 0)
        .sorted(Comparator.comparing(i -> DynamoDbItems.str(i, "updatedAt")))
        .limit(limit).map(DynamoDbItems::run).toList();
  }
}
