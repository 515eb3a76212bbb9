package dev.ork.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ork.core.cost.RunUsage;
import dev.ork.core.port.ContractFixtures;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskStatus;
import dev.ork.infra.dynamodb.Dynoxide;
import dev.ork.infra.dynamodb.DynamoDbRunUsage;
import dev.ork.infra.dynamodb.DynamoDbStoreConfig;
import dev.ork.infra.sqs.SqsQueues;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@link RunUsageMeter} on real emulators: the capacity units it attributes are the ones the emulator
 * reports for each request (ReturnConsumedCapacity=INDEXES, base table and each GSI), SQS requests are
 * counted as billed, and only requests made while handling a run count for it.
 * Subclasses give the DynamoDB and SQS clients, each with the meter as an interceptor.
 */
abstract class RunUsageMeterContract {
  protected final RunUsageMeter meter = new RunUsageMeter();
  protected DynamoDbClient dynamo;
  protected SqsClient sqs;
  protected String table;
  private String queueUrl;

  protected abstract DynamoDbClient dynamoDb(RunUsageMeter meter);

  protected abstract SqsClient sqs(RunUsageMeter meter);

  /** Skips a test of DynamoDB's capacity arithmetic on an emulator that does not model it. */
  protected void requireBillingUnits(String test) {
  }

  @BeforeEach
  void emulators() {
    dynamo = dynamoDb(meter);
    sqs = sqs(meter);
    table = Dynoxide.newTable(dynamo);
    queueUrl = SqsQueues.create(sqs, "usage-" + UUID.randomUUID().toString().substring(0, 8), 3).url();
  }

  private Map<String, AttributeValue> item(String pk, Map<String, AttributeValue> more) {
    var item = new java.util.HashMap<>(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("META")));
    item.putAll(more);
    return item;
  }

  @Test
  void aPutOfASmallItemIsOneUnitOnTheTablePlusOneOnEachIndexItIsIn() {
    requireBillingUnits("aPutOfASmallItemIsOneUnitOnTheTablePlusOneOnEachIndexItIsIn");
    RunUsageMeter.during("r1", () -> dynamo.putItem(b -> b.tableName(table).item(item("RUN#r1", Map.of()))));
    assertThat(meter.seen("r1").wru()).isEqualTo(1.0);
    RunUsageMeter.during("r2", () -> dynamo.putItem(b -> b.tableName(table).item(item("RUN#r2", Map.of(
        "GSI3PK", AttributeValue.fromS("RUNS#0"), "GSISK", AttributeValue.fromS("2026-12-03#r2"))))));
    assertThat(meter.seen("r2").wru()).as("table 1 + index GSI3 1: index writes are billed").isEqualTo(2.0);
  }

  @Test
  void anItemOverOneKilobyteCostsAUnitPerStartedKilobyte() {
    requireBillingUnits("anItemOverOneKilobyteCostsAUnitPerStartedKilobyte");
    var big = AttributeValue.fromS("x".repeat(1500));
    RunUsageMeter.during("r1", () -> dynamo.putItem(b -> b.tableName(table).item(item("RUN#r1", Map.of("blob", big)))));
    assertThat(meter.seen("r1").wru()).isEqualTo(2.0);
  }

  @Test
  void aConsistentReadIsOneUnitAndAnEventuallyConsistentOneHalf() {
    requireBillingUnits("aConsistentReadIsOneUnitAndAnEventuallyConsistentOneHalf");
    dynamo.putItem(b -> b.tableName(table).item(item("RUN#r1", Map.of())));
    var key = Map.of("PK", AttributeValue.fromS("RUN#r1"), "SK", AttributeValue.fromS("META"));
    RunUsageMeter.during("r1", () -> dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)));
    assertThat(meter.seen("r1").rru()).isEqualTo(1.0);
    RunUsageMeter.during("r1", () -> dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(false)));
    assertThat(meter.seen("r1").rru()).isEqualTo(1.5);
  }

  @Test
  void aWriteRefusedByItsConditionIsBilledOneUnit() {
    dynamo.putItem(b -> b.tableName(table).item(item("RUN#r1", Map.of())));
    RunUsageMeter.during("r1", () -> {
      try {
        dynamo.putItem(b -> b.tableName(table).item(item("RUN#r1", Map.of())).conditionExpression("attribute_not_exists(PK)"));
      } catch (ConditionalCheckFailedException expected) {
        // refused, and billed
      }
    });
    assertThat(meter.seen("r1").wru()).isEqualTo(1.0);
  }

  @Test
  void requestsOutsideARunAreNotAttributed_andWorkersCarryTheirCallersRun() throws Exception {
    dynamo.putItem(b -> b.tableName(table).item(item("RUN#r1", Map.of())));
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("nobody's"));
    assertThat(meter.take()).isEmpty();
    var worker = RunUsageMeter.during("r1", () -> new Thread(RunUsageMeter.carried(
        () -> dynamo.putItem(b -> b.tableName(table).item(item("RUN#r9", Map.of()))))));
    worker.start();
    worker.join();
    assertThat(meter.seen("r1").wru()).isEqualTo(1.0);
  }

  @Test
  void sendsOutsideAMessageCountForTheRunsTheirBodiesName_onlyInAnAccountedInvocation() {
    var codec = dev.ork.infra.sqs.MessageCodec.dispatch();
    var entries = java.util.List.of(
        SendMessageBatchRequestEntry.builder().id("a").messageBody(codec.encode(new dev.ork.core.run.DispatchMessage("r7", "t", 1))).build(),
        SendMessageBatchRequestEntry.builder().id("b").messageBody(codec.encode(new dev.ork.core.run.DispatchMessage("r8", "t", 1))).build());
    sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)); // a tick's send: nobody's
    assertThat(meter.take()).isEmpty();
    RunUsageMeter.accounted(() -> sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)));
    assertThat(meter.seen("r7").sqsRequests()).as("half of one request").isEqualTo(0.5);
    assertThat(meter.seen("r8").sqsRequests()).isEqualTo(0.5);
  }

  @Test
  void sqsRequestsAreCountedPerStarted64KiBOfPayload() {
    RunUsageMeter.during("r1", () -> {
      sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("small"));
      sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("y".repeat(100 * 1024))); // 2 x 64 KiB
      sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(
          SendMessageBatchRequestEntry.builder().id("a").messageBody("one").build(),
          SendMessageBatchRequestEntry.builder().id("b").messageBody("two").build()));
      sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10));
    });
    assertThat(meter.seen("r1").sqsRequests()).isEqualTo(1 + 2 + 1 + 1);
  }

  @Test
  void theRunItemAddsUsageOnlyWhileTheRunExists() {
    var usage = new DynamoDbRunUsage(dynamo, DynamoDbStoreConfig.defaults(table));
    assertThat(usage.add("gone", new RunUsage(1, 1, 1, 1, 1))).isFalse();
    assertThat(usage.read("gone")).isEmpty();
    dynamo.putItem(b -> b.tableName(table).item(item("RUN#r1", Map.of())));
    assertThat(usage.read("r1")).isEmpty();
    usage.add("r1", new RunUsage(2, 1.5, 3, 0.25, 0.0125));
    usage.add("r1", new RunUsage(1, 0.5, 1, 0.75, 0.5));
    var read = usage.read("r1").orElseThrow();
    assertThat(read.wru()).isEqualTo(3.0);
    assertThat(read.rru()).isEqualTo(2.0);
    assertThat(read.sqsRequests()).isEqualTo(4.0);
    assertThat(read.invocations()).isEqualTo(1.0);
    assertThat(read.gbSeconds()).isCloseTo(0.5125, within(1e-9));
  }

  @Test
  void accountingWritesOneAddPerRunAndCountsThatWriteItself() {
    var usage = new DynamoDbRunUsage(dynamo, DynamoDbStoreConfig.defaults(table));
    var accounting = new RunAccounting(meter, usage);
    dynamo.putItem(b -> b.tableName(table).item(item("RUN#r1", Map.of())));
    dynamo.putItem(b -> b.tableName(table).item(item("RUN#r2", Map.of())));
    var batch = accounting.invocation(4, 1024, true);
    batch.handle("r1", () -> sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("for r1")));
    batch.handle("r1", () -> { });
    batch.handle("r1", () -> { });
    batch.handle("r2", () -> { });
    batch.close();
    var r1 = usage.read("r1").orElseThrow();
    var r2 = usage.read("r2").orElseThrow();
    assertThat(r1.invocations()).isEqualTo(0.75);
    assertThat(r2.invocations()).isEqualTo(0.25);
    assertThat(r1.sqsRequests()).as("its send + 3/4 of the event source's receive and delete").isEqualTo(1 + 1.5);
    assertThat(r2.sqsRequests()).isEqualTo(0.5);
    assertThat(r1.gbSeconds()).isCloseTo(3 * r2.gbSeconds(), within(1e-9)).isPositive();
    assertThat(r2.wru()).as("only its usage ADD, counted by itself").isEqualTo(1.0);
    requireBillingUnits("accountingWritesOneAddPerRunAndCountsThatWriteItself (its own unit)");
    assertThat(meter.seen("r2").wru()).as("what the table reported for that ADD").isEqualTo(1.0);
    assertThat(meter.take()).as("nothing left over: the ADD's own unit was counted up front").isEmpty();
  }

  @Test
  void usageRidesOnTheRunCountsAdd_whenTheBatchCountedFinishesOfThatRun_andIsWrittenAloneOtherwise() {
    var config = DynamoDbStoreConfig.defaults(table);
    var usage = new DynamoDbRunUsage(dynamo, config);
    var runs = new dev.ork.infra.dynamodb.DynamoDbRunStore(dynamo, config);
    var accounting = new RunAccounting(meter, usage);
    runs.createRun(ContractFixtures.run("r1", "wf", null, ContractFixtures.at(0), 2), ContractFixtures.tasks("r1", 2));
    runs.createRun(ContractFixtures.run("r2", "wf", null, ContractFixtures.at(0), 1), ContractFixtures.tasks("r2", 1));
    var counted = new java.util.ArrayList<dev.ork.core.run.Run>();
    var batch = accounting.invocation(3, 1024, true);

    runs.holdingCounts(() -> {
      for (var task : java.util.List.of("t0", "t1")) {
        batch.handle("r1", () -> runs.finishTask("r1", task, java.util.Set.of(TaskStatus.PENDING), 0,
            TaskPatch.to(TaskStatus.SUCCEEDED).attempt(1)));
      }
      batch.handle("r2", () -> runs.taskMaybeStale("r2", "t0"));
      return null;
    }, counted::add, RunUsageMeter::during, batch.ride());
    batch.close();

    assertThat(counted).extracting(r -> r.runId() + ":" + r.tasksTerminal()).containsExactly("r1:2");
    var r1 = usage.read("r1").orElseThrow();
    assertThat(r1.invocations()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(r1.sqsRequests()).as("2/3 of the event source's receive and delete").isCloseTo(4 / 3.0, within(1e-9));
    assertThat(usage.read("r2").orElseThrow().invocations()).isCloseTo(1 / 3.0, within(1e-9));
    requireBillingUnits("usageRidesOnTheRunCountsAdd (units)");
    assertThat(r1.wru()).as("two finishes + one ADD of counts and usage together").isEqualTo(3.0);
    assertThat(usage.read("r2").orElseThrow().wru()).as("its usage ADD alone").isEqualTo(1.0);
    assertThat(meter.take()).as("nothing left over").isEmpty();
  }
}
