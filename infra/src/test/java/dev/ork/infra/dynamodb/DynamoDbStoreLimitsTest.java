package dev.ork.infra.dynamodb;

import static dev.ork.core.port.ContractFixtures.at;
import static dev.ork.core.port.ContractFixtures.run;
import static dev.ork.core.port.ContractFixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ork.core.port.ContractFixtures;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB-only behaviour: item-size limits, TTL, request costs, table creation. */
class DynamoDbStoreLimitsTest {

  private static DynamoDbClient client;
  private static String table;
  private static DynamoDbRunStore runs;

  @BeforeAll
  static void setUp() {
    client = Dynoxide.client();
    table = Dynoxide.newTable(client);
    runs = new DynamoDbRunStore(client, DynamoDbStoreConfig.defaults(table));
  }

  private static com.fasterxml.jackson.databind.JsonNode bigOutput(int chars) {
    return JsonNodeFactory.instance.objectNode().put("blob", "x".repeat(chars));
  }

  @Test
  void transitionTask_refusesAndWritesNothing_whenOutputTooLarge() {
    runs.createRun(run("big-out", "wf", null, at(0), 1), tasks("big-out", 1));
    runs.transitionTask("big-out", "t0", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.RUNNING).attempt(1));
    var before = runs.task("big-out", "t0").orElseThrow();
    assertThatThrownBy(() -> runs.finishTask("big-out", "t0", Set.of(TaskStatus.RUNNING), 1,
        TaskPatch.to(TaskStatus.SUCCEEDED).output(bigOutput(400_000))))
        .isInstanceOf(ItemTooLargeException.class)
        .hasMessageContaining("output of task t0").hasMessageContaining("400011 bytes")
        .hasMessageContaining("350000");
    assertThat(runs.task("big-out", "t0")).contains(before);
    assertThat(runs.run("big-out").orElseThrow().tasksTerminal()).isZero();
  }

  @Test
  void createRun_refusesAndWritesNothing_whenATaskItemIsTooLarge() {
    var huge = new TaskRun("big-create", "t1", TaskStatus.PENDING, 0, 1, null, null, "e".repeat(410_000),
        null, null, null, null, null);
    assertThatThrownBy(() -> runs.createRun(run("big-create", "wf", null, at(0), 2),
        List.of(TaskRun.pending("big-create", "t0", 1), huge)))
        .isInstanceOf(ItemTooLargeException.class).hasMessageContaining("409600");
    assertThat(runs.run("big-create")).isEmpty();
    assertThat(runs.tasks("big-create")).isEmpty();
  }

  @Test
  void register_storesASnapshotLargerThanAnItem_inGzipParts_andReadsItBack() {
    var snapshots = new DynamoDbSnapshotStore(client, DynamoDbStoreConfig.defaults(table));
    var wf = ContractFixtures.workflow("huge-wf", null, "h", 6000);
    assertThat(dev.ork.core.workflow.WorkflowJson.write(wf).length()).as("bigger than one item").isGreaterThan(409_600);
    snapshots.register(wf, at(0));
    assertThat(snapshots.snapshot("huge-wf", "h")).hasValueSatisfying(back ->
        assertThat(dev.ork.core.workflow.WorkflowJson.write(back)).isEqualTo(dev.ork.core.workflow.WorkflowJson.write(wf)));
    assertThat(snapshots.workflow("huge-wf")).hasValueSatisfying(r -> assertThat(r.currentSnapshotHash()).isEqualTo("h"));
  }

  @Test
  void snapshotParts_splitIncompressibleJsonIntoPartsUnderAnItem_andJoinItBack() {
    var random = new java.util.Random(7);
    var sb = new StringBuilder();
    while (sb.length() < 1_200_000) sb.append(Long.toHexString(random.nextLong()));
    var json = "\"" + sb + "\"";
    var parts = SnapshotParts.split(json);
    assertThat(parts).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(SnapshotParts.PART_BYTES));
    assertThat(SnapshotParts.join(parts)).isEqualTo(json);
  }

  @Test
  void finishedItems_getExpiresAt_whenRunAndTaskFinish() {
    runs.createRun(run("ttl", "wf", null, at(0), 1), tasks("ttl", 1));
    runs.finishTask("ttl", "t0", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.CANCELLED).finishedAt(at(10)));
    runs.transitionRun("ttl", Set.of(RunStatus.PENDING), RunStatus.CANCELLED, at(10), null);
    long expected = at(10).plus(java.time.Duration.ofDays(30)).getEpochSecond();
    for (var sk : List.of("META", "TASK#t0")) {
      var item = client.getItem(b -> b.tableName(table).key(DynamoDbItems.key("RUN#ttl", sk))).item();
      assertThat(item.get("expiresAt").n()).as(sk).isEqualTo(Long.toString(expected));
    }
    var ttl = client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
    assertThat(ttl.attributeName()).isEqualTo("expiresAt");
  }

  @Test
  void requests_matchDocumentedCosts_forTheHotPaths() {
    var counter = Dynoxide.REQUESTS;
    counter.reset();
    runs.createRun(run("cost", "wf", "k-cost", at(0), 60), tasks("cost", 60));
    // META, idempotency key and the task list in one transaction; no task item until its first write
    assertThat(counter.snapshot()).containsOnly(java.util.Map.entry("DynamoDb.TransactWriteItems", 1L));
    counter.reset();
    runs.transitionTask("cost", "t0", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.RUNNING).attempt(1));
    assertThat(counter.snapshot()).containsExactly(java.util.Map.entry("DynamoDb.UpdateItem", 1L));
    counter.reset();
    runs.finishTask("cost", "t0", Set.of(TaskStatus.RUNNING), 1, TaskPatch.to(TaskStatus.SUCCEEDED));
    // the fenced task update, then the run's counter ADD returning the run (no transaction, no re-read)
    assertThat(counter.snapshot()).containsOnly(java.util.Map.entry("DynamoDb.UpdateItem", 2L));
    counter.reset();
    runs.markDependencySatisfied("cost", "t1", "t0");
    assertThat(counter.snapshot()).containsExactly(java.util.Map.entry("DynamoDb.UpdateItem", 1L));
    counter.reset();
    runs.createRun(run("cost-dup", "wf", "k-cost", at(0), 60), tasks("cost-dup", 60));
    assertThat(counter.total("DynamoDb")).isEqualTo(3); // refused transaction, idempotency GetItem, run GetItem
    assertThat(counter.count("DynamoDb.Scan")).isZero();
  }

  @Test
  void createRun_materialisesTenThousandTasks_whenRunIsLarge() {
    long start = System.nanoTime();
    runs.createRun(run("big-run", "wf", null, at(0), 10_000), tasks("big-run", 10_000));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("[dynamodb] createRun with 10000 tasks (one task list item, no task items): " + millis + " ms");
    assertThat(runs.tasks("big-run")).hasSize(10_000);
  }

  @Test
  void pendingTasks_haveNoItem_untilTheirFirstWrite_whichCreatesIt_andReadAsPendingMeanwhile() {
    runs.createRun(run("lazy", "wf", null, at(0), 3), tasks("lazy", 3));
    var raw = client.query(b -> b.tableName(table).keyConditionExpression("PK = :pk")
        .expressionAttributeValues(java.util.Map.of(":pk", AttributeValue.fromS("RUN#lazy")))).items();
    assertThat(raw).extracting(i -> i.get("SK").s()).containsExactlyInAnyOrder("META", "TASKS#");
    assertThat(runs.task("lazy", "t1")).hasValueSatisfying(t -> assertThat(t.status()).isEqualTo(TaskStatus.PENDING));
    assertThat(runs.transitionTask("lazy", "t1", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.QUEUED).attempt(1)))
        .isTrue();
    assertThat(runs.transitionTask("lazy", "t1", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.QUEUED).attempt(1)))
        .as("the item now exists: a second write from PENDING is refused").isFalse();
    var item = client.getItem(b -> b.tableName(table).key(java.util.Map.of("PK", AttributeValue.fromS("RUN#lazy"),
        "SK", AttributeValue.fromS("TASK#t1"))).consistentRead(true)).item();
    assertThat(item.get("status").s()).isEqualTo("QUEUED");
    assertThat(item.get("maxAttempts")).isNotNull();
    assertThat(runs.tasks("lazy")).extracting(t -> t.taskName() + ":" + t.status())
        .containsExactly("t0:PENDING", "t1:QUEUED", "t2:PENDING");
  }

  @Test
  void theTaskList_expiresWithTheRun_andARerunKeepsItAgain() {
    runs.createRun(run("list-ttl", "wf", null, at(0), 1), tasks("list-ttl", 1));
    java.util.function.Supplier<java.util.Map<String, AttributeValue>> list = () -> client.getItem(b -> b.tableName(table)
        .key(java.util.Map.of("PK", AttributeValue.fromS("RUN#list-ttl"), "SK", AttributeValue.fromS("TASKS#"))).consistentRead(true)).item();
    assertThat(list.get()).doesNotContainKey("expiresAt");
    assertThat(runs.transitionRun("list-ttl", Set.of(RunStatus.PENDING), RunStatus.CANCELLED, at(10), "stop")).isTrue();
    assertThat(list.get()).containsKey("expiresAt");
    assertThat(runs.redriveRun("list-ttl", Set.of(RunStatus.CANCELLED), 0, 0, null, at(20))).isTrue();
    assertThat(list.get()).doesNotContainKey("expiresAt");
  }

  @Test
  void holdingCounts_addsABatchsFinishes_withOneAddPerRun_andHandsTheCountedRunOnOnce() {
    for (var id : List.of("held-a", "held-b")) runs.createRun(run(id, "wf", null, at(0), 3), tasks(id, 3));
    var counted = new java.util.ArrayList<dev.ork.core.run.Run>();
    var counter = Dynoxide.REQUESTS;
    counter.reset();
    runs.holdingCounts(() -> {
      for (var id : List.of("held-a", "held-b")) {
        for (int i = 0; i < (id.equals("held-a") ? 3 : 2); i++) {
          var finished = runs.finishTask(id, "t" + i, Set.of(TaskStatus.PENDING), 0,
              TaskPatch.to(i == 1 ? TaskStatus.FAILED : TaskStatus.SUCCEEDED).attempt(1).finishedAt(at(5 + i)));
          assertThat(finished).as("the run as last read, without the held count")
              .hasValueSatisfying(r -> assertThat(r.tasksTerminal()).isZero());
        }
      }
      assertThat(runs.finishTask("held-a", "t0", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.SUCCEEDED)))
          .as("a refused finish counts nothing").isEmpty();
      return null;
    }, counted::add);
    // 6 task writes (one refused) and one ADD per run; the 2 GetItems are the first reads of each run
    assertThat(counter.count("DynamoDb.UpdateItem")).isEqualTo(6 + 2);
    assertThat(counted).extracting(r -> r.runId() + ":" + r.tasksTerminal() + "/" + r.tasksFailed())
        .containsExactly("held-a:3/1", "held-b:2/1");
    assertThat(runs.run("held-a").orElseThrow().tasksTerminal()).isEqualTo(3);
  }

  @Test
  void holdingCounts_stillAddsWhatWasFinished_whenTheBatchThrows() {
    runs.createRun(run("held-c", "wf", null, at(0), 2), tasks("held-c", 2));
    var counted = new java.util.ArrayList<dev.ork.core.run.Run>();
    assertThatThrownBy(() -> runs.holdingCounts(() -> {
      runs.finishTask("held-c", "t0", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.SUCCEEDED).attempt(1));
      throw new IllegalStateException("handler failed");
    }, counted::add)).hasMessage("handler failed");
    assertThat(counted).extracting(dev.ork.core.run.Run::tasksTerminal).containsExactly(1);
  }

  @Test
  void create_isIdempotent_whenTableExists() {
    DynamoDbTables.create(client, table);
    var description = client.describeTable(b -> b.tableName(table)).table();
    assertThat(description.globalSecondaryIndexes()).extracting(g -> g.indexName())
        .containsExactlyInAnyOrder("GSI1", "GSI2", "GSI3", "GSI4");
  }
}
