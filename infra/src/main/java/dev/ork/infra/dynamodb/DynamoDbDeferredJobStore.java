package dev.ork.infra.dynamodb;

import static dev.ork.infra.dynamodb.DynamoDbItems.key;
import static dev.ork.infra.dynamodb.DynamoDbItems.n;
import static dev.ork.infra.dynamodb.DynamoDbItems.num;
import static dev.ork.infra.dynamodb.DynamoDbItems.runPk;
import static dev.ork.infra.dynamodb.DynamoDbItems.s;
import static dev.ork.infra.dynamodb.DynamoDbItems.str;
import static dev.ork.infra.store.InstantText.format;
import static dev.ork.infra.store.InstantText.parse;

import dev.ork.core.port.DeferredJobStore;
import dev.ork.core.run.DeferredJob;
import dev.ork.infra.store.JsonText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@link DeferredJobStore} on Ork's single table (docs/dynamodb.md). A job is the item
 * {@code RUN#<runId>} / {@code JOB#<task>#<attempt>#<index>}, next to its run's tasks. While it is
 * open (PENDING/POLLING) it carries {@code DLPK = DJ#<shard>} and {@code deadline = nextPollAt}, which
 * puts it in the sparse GSI4 (the deadline index, whose key shape is exactly "time-ordered per
 * shard"); closing it removes both. Creation is a conditional PutItem per job, an update one
 * conditional UpdateItem. No Scan.
 */
public final class DynamoDbDeferredJobStore implements DeferredJobStore {

  static final String JOB_PREFIX = "JOB#";
  static final String DUE_PREFIX = "DJ#";

  private final DynamoDbClient client;
  private final DynamoDbStoreConfig config;
  private final String table;

  public DynamoDbDeferredJobStore(DynamoDbClient client, DynamoDbStoreConfig config) {
    this.client = client;
    this.config = config;
    this.table = config.tableName();
  }

  static String jobSk(String taskName, int attempt, int index) {
    return JOB_PREFIX + taskName + "#" + attempt + "#" + index;
  }

  String duePk(DeferredJob j) {
    return DUE_PREFIX + DynamoDbItems.shard(j.key(), config.shards());
  }

  @Override
  public void createJobs(List<DeferredJob> jobs) {
    for (var j : jobs) {
      try {
        client.putItem(b -> b.tableName(table).item(item(j)).conditionExpression("attribute_not_exists(PK)"));
      } catch (ConditionalCheckFailedException alreadyThere) {
        // idempotent: the first creation of this identity stays
      }
    }
  }

  @Override
  public List<DeferredJob> jobsOf(String runId, String taskName, int attempt) {
    var request = QueryRequest.builder().tableName(table).consistentRead(true)
        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
        .expressionAttributeValues(Map.of(":pk", s(runPk(runId)), ":prefix", s(JOB_PREFIX + taskName + "#" + attempt + "#")))
        .build();
    var out = new ArrayList<DeferredJob>();
    for (var page : client.queryPaginator(request)) {
      for (var item : page.items()) {
        var job = job(item);
        // the prefix of task "a" attempt 1 also matches task "a#1" attempt 1x: keep exact matches only
        if (job.taskName().equals(taskName) && job.attempt() == attempt) {
          out.add(job);
        }
      }
    }
    out.sort(Comparator.comparingInt(DeferredJob::index));
    return out;
  }

  @Override
  public List<DeferredJob> jobsDue(Instant now, int limit) {
    var keys = DynamoDbBatch.dueKeys(client, table, DUE_PREFIX, config.shards(), format(now), limit);
    // The index is eventually consistent: re-check each job on its item.
    return DynamoDbBatch.getAll(client, table, keys).stream().map(DynamoDbDeferredJobStore::job)
        .filter(j -> j.status().isOpen() && j.nextPollAt() != null && !j.nextPollAt().isAfter(now))
        .sorted(Comparator.comparing(DeferredJob::nextPollAt).thenComparing(DeferredJob::runId)
            .thenComparing(DeferredJob::taskName).thenComparingInt(DeferredJob::attempt)
            .thenComparingInt(DeferredJob::index))
        .limit(limit).toList();
  }

  @Override
  public boolean updateJob(DeferredJob u, Set<DeferredJob.Status> from) {
    if (from.isEmpty()) {
      return false;
    }
    var b = new UpdateBuilder().set("status", s(u.status().name())).set("consecutiveErrors", n(u.consecutiveErrors()));
    setOrRemove(b, "error", u.error());
    setOrRemove(b, "nextPollAt", format(u.nextPollAt()));
    setOrRemove(b, "lastPolledAt", format(u.lastPolledAt()));
    setOrRemove(b, "finishedAt", format(u.finishedAt()));
    if (u.status().isOpen() && u.nextPollAt() != null) {
      b.set("DLPK", s(duePk(u))).set("deadline", s(format(u.nextPollAt())));
    } else {
      b.remove("DLPK").remove("deadline");
    }
    if (!u.status().isOpen() && u.finishedAt() != null) {
      b.set("expiresAt", n(u.finishedAt().plus(config.retention()).getEpochSecond()));
    }
    b.exists().in("status", from.stream().map(Enum::name).toList());
    try {
      client.updateItem(r -> r.tableName(table).key(key(runPk(u.runId()), jobSk(u.taskName(), u.attempt(), u.index())))
          .updateExpression(b.updateExpression()).conditionExpression(b.conditionExpression())
          .expressionAttributeNames(b.names()).expressionAttributeValues(b.values()));
      return true;
    } catch (ConditionalCheckFailedException refused) {
      return false;
    }
  }

  private static void setOrRemove(UpdateBuilder b, String attribute, String value) {
    if (value == null) {
      b.remove(attribute);
    } else {
      b.set(attribute, s(value));
    }
  }

  Map<String, AttributeValue> item(DeferredJob j) {
    var item = new HashMap<String, AttributeValue>();
    item.put("PK", s(runPk(j.runId())));
    item.put("SK", s(jobSk(j.taskName(), j.attempt(), j.index())));
    item.put("type", s("deferredJob"));
    item.put("runId", s(j.runId()));
    item.put("taskName", s(j.taskName()));
    item.put("attempt", n(j.attempt()));
    item.put("jobIndex", n(j.index()));
    item.put("serviceType", s(j.serviceType()));
    item.put("jobId", s(j.jobId()));
    item.put("jobData", s(JsonText.write(j.jobData())));
    item.put("status", s(j.status().name()));
    item.put("consecutiveErrors", n(j.consecutiveErrors()));
    put(item, "error", j.error());
    put(item, "nextPollAt", format(j.nextPollAt()));
    put(item, "lastPolledAt", format(j.lastPolledAt()));
    put(item, "finishedAt", format(j.finishedAt()));
    if (j.status().isOpen() && j.nextPollAt() != null) {
      item.put("DLPK", s(duePk(j)));
      item.put("deadline", s(format(j.nextPollAt())));
    }
    if (!j.status().isOpen() && j.finishedAt() != null) {
      item.put("expiresAt", n(j.finishedAt().plus(config.retention()).getEpochSecond()));
    }
    return item;
  }

  private static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  static DeferredJob job(Map<String, AttributeValue> i) {
    return new DeferredJob(str(i, "runId"), str(i, "taskName"), num(i, "attempt"), num(i, "jobIndex"),
        str(i, "serviceType"), str(i, "jobId"), JsonText.read(str(i, "jobData")),
        DeferredJob.Status.valueOf(str(i, "status")), str(i, "error"), num(i, "consecutiveErrors"),
        parse(str(i, "nextPollAt")), parse(str(i, "lastPolledAt")), parse(str(i, "finishedAt")));
  }
}
