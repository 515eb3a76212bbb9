package dev.ork.infra.dynamodb;

import static dev.ork.core.port.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.DeferredJobStore;
import dev.ork.core.port.DeferredJobStoreContract;
import dev.ork.core.run.DeferredJob.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deferred-job contract on dynoxide. {@code jobsDue} sees every job of a table, so each test gets
 * its own table.
 */
class DynamoDbDeferredJobStoreTest extends DeferredJobStoreContract {

  private static DynamoDbClient client;
  private String table;

  @BeforeAll
  static void connect() {
    client = Dynoxide.client();
    Dynoxide.REQUESTS.reset();
  }

  @AfterAll
  static void report() {
    System.out.println("[dynamodb] deferred jobs, requests by operation: " + Dynoxide.REQUESTS.snapshot());
    assertThat(Dynoxide.REQUESTS.count("DynamoDb.Scan")).as("Scan requests").isZero();
  }

  @Override
  protected DeferredJobStore newStore() {
    table = Dynoxide.newTable(client);
    return new DynamoDbDeferredJobStore(client, DynamoDbStoreConfig.defaults(table));
  }

  @Test
  void items_liveInTheRunPartition_andOnlyOpenJobsCarryTheDueIndexKeys() {
    var open = job(runId, "t", 2, 5, Status.PENDING, at(0));
    store.createJobs(List.of(open));
    var item = client.getItem(b -> b.tableName(table).key(Map.of("PK", DynamoDbItems.s("RUN#" + runId),
        "SK", DynamoDbItems.s("JOB#t#2#5")))).item();
    assertThat(item.get("DLPK").s()).startsWith("DJ#");
    assertThat(item.get("deadline").s()).isEqualTo(dev.ork.infra.store.InstantText.format(at(0)));
    assertThat(item).doesNotContainKey("expiresAt");
    assertThat(store.updateJob(open.with(Status.COMPLETED, null, 0, null, at(1), at(1)), Set.of(Status.PENDING))).isTrue();
    var closed = client.getItem(b -> b.tableName(table).key(Map.of("PK", DynamoDbItems.s("RUN#" + runId),
        "SK", DynamoDbItems.s("JOB#t#2#5")))).item();
    assertThat(closed).doesNotContainKeys("DLPK", "deadline");
    assertThat(closed.get("expiresAt").n()).isEqualTo(Long.toString(at(1).plus(java.time.Duration.ofDays(30)).getEpochSecond()));
  }

  @Test
  void jobItems_doNotDisturbTheRunStore_whenTheyShareARunsPartitionAndTheDeadlineIndex() {
    var runs = new DynamoDbRunStore(client, DynamoDbStoreConfig.defaults(table));
    runs.createRun(dev.ork.core.port.ContractFixtures.run(runId, "wf", at(0)), dev.ork.core.port.ContractFixtures.tasks(runId, 2));
    store.createJobs(List.of(job(runId, "t0", 1, 0, Status.PENDING, at(0))));
    assertThat(runs.tasks(runId)).hasSize(2);
    assertThat(runs.tasksPastDeadline(at(1_000), 10)).isEmpty();
    assertThat(store.jobsDue(at(1_000), 10)).hasSize(1);
  }
}
