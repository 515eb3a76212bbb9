package dev.ork.infra.dynamodb;

import static dev.ork.core.port.ContractFixtures.at;
import static dev.ork.core.port.ContractFixtures.run;
import static dev.ork.core.port.ContractFixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A handler batch's maybe-stale reads served from what the batch read (BatchReads), on dynoxide. */
class DynamoDbBatchReadsTest {

  private static DynamoDbClient client;
  private static DynamoDbRunStore runs;

  @BeforeAll
  static void setUp() {
    client = Dynoxide.client();
    runs = new DynamoDbRunStore(client, DynamoDbStoreConfig.defaults(Dynoxide.newTable(client)));
  }

  private static <T> T inBatch(java.util.function.Supplier<T> work) {
    return runs.holdingCounts(work, r -> { });
  }

  @Test
  void runMaybeStale_readsTheRunOncePerBatch_untilTheStoreWritesIt() {
    runs.createRun(run("copy-a", "wf", null, at(0), 2), tasks("copy-a", 2));
    var counter = Dynoxide.REQUESTS;
    counter.reset();

    var statuses = inBatch(() -> {
      var first = runs.runMaybeStale("copy-a").orElseThrow().status();
      var again = runs.runMaybeStale("copy-a").orElseThrow().status();
      runs.transitionRun("copy-a", Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(1), null);
      var afterWrite = runs.runMaybeStale("copy-a").orElseThrow().status();
      return java.util.List.of(first, again, afterWrite);
    });

    assertThat(statuses).containsExactly(RunStatus.PENDING, RunStatus.PENDING, RunStatus.RUNNING);
    assertThat(counter.count("DynamoDb.GetItem")).as("one read, one more after the write").isEqualTo(2);
  }

  @Test
  void runMaybeStale_readsEveryTime_outsideABatch_andRunAlwaysReads() {
    runs.createRun(run("copy-b", "wf", null, at(0), 1), tasks("copy-b", 1));
    var counter = Dynoxide.REQUESTS;
    counter.reset();

    runs.runMaybeStale("copy-b");
    runs.runMaybeStale("copy-b");
    inBatch(() -> {
      runs.run("copy-b");
      return runs.run("copy-b");
    });

    assertThat(counter.count("DynamoDb.GetItem")).isEqualTo(4);
  }

  @Test
  void prefetch_readsTheRunAndTasksInOneRequest_servedOnceAndDroppedByAWrite() {
    runs.createRun(run("ahead-a", "wf", null, at(0), 3), tasks("ahead-a", 3));
    runs.transitionTask("ahead-a", "t0", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.RUNNING).attempt(1));
    var counter = Dynoxide.REQUESTS;
    counter.reset();

    var seen = inBatch(() -> {
      runs.prefetch("ahead-a", List.of("t0", "t1", "t2"));
      var out = new java.util.ArrayList<String>();
      out.add("run " + runs.runMaybeStale("ahead-a").orElseThrow().status());
      out.add("t0 " + runs.taskMaybeStale("ahead-a", "t0").orElseThrow().status());
      out.add("t1 " + runs.taskMaybeStale("ahead-a", "t1").orElseThrow().status()); // no item yet: pending
      runs.transitionTask("ahead-a", "t2", Set.of(TaskStatus.PENDING), 0, TaskPatch.to(TaskStatus.RUNNING).attempt(1));
      out.add("t2 " + runs.taskMaybeStale("ahead-a", "t2").orElseThrow().status()); // dropped by the write: read
      out.add("t0 " + runs.taskMaybeStale("ahead-a", "t0").orElseThrow().status()); // served once: read
      return out;
    });

    assertThat(seen).containsExactly("run PENDING", "t0 RUNNING", "t1 PENDING", "t2 RUNNING", "t0 RUNNING");
    assertThat(counter.count("DynamoDb.BatchGetItem")).isEqualTo(1);
    assertThat(counter.count("DynamoDb.GetItem")).as("t2 after its write, t0 again").isEqualTo(2);
  }

  @Test
  void prefetch_readsNothing_outsideABatch() {
    runs.createRun(run("ahead-b", "wf", null, at(0), 1), tasks("ahead-b", 1));
    var counter = Dynoxide.REQUESTS;
    counter.reset();

    runs.prefetch("ahead-b", List.of("t0"));

    assertThat(counter.count("DynamoDb.BatchGetItem")).isZero();
  }
}
