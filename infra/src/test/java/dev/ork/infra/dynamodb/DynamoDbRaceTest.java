package dev.ork.infra.dynamodb;

import static dev.ork.core.port.ContractFixtures.at;
import static dev.ork.core.port.ContractFixtures.run;
import static dev.ork.core.port.ContractFixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** 1,000 tasks of one run finishing at once from 32 threads, with a fan-in dependent of all of them. */
class DynamoDbRaceTest {

  private static final int TASKS = 1000;
  private static final int THREADS = 32;

  @Test
  void finishAndFanIn_loseNoUpdate_whenThousandTasksCompleteConcurrently() throws Exception {
    var client = Dynoxide.client();
    var store = new DynamoDbRunStore(client, DynamoDbStoreConfig.defaults(Dynoxide.newTable(client)));
    var runId = "race-run";
    var all = new ArrayList<>(tasks(runId, TASKS));
    all.add(dev.ork.core.run.TaskRun.pending(runId, "fanin", 1));
    store.createRun(run(runId, "wf", null, at(0), TASKS + 1), all);
    var names = new ArrayList<String>();
    for (int i = 0; i < TASKS; i++) {
      names.add("t" + i);
    }
    concurrently(names, name -> assertThat(store.transitionTask(runId, name, Set.of(TaskStatus.PENDING), 0,
        TaskPatch.to(TaskStatus.RUNNING).attempt(1).startedAt(at(1)))).isTrue());

    var finished = new ConcurrentHashMap<String, AtomicInteger>();
    var sawFanInComplete = new AtomicInteger();
    var maxTerminal = new AtomicInteger();
    var sawAllTerminal = new AtomicInteger();
    var deliveries = new ArrayList<String>(names);
    deliveries.addAll(names.subList(0, 200)); // duplicate deliveries of 200 finishes
    java.util.Collections.shuffle(deliveries, new java.util.Random(42));
    long start = System.nanoTime();
    concurrently(deliveries, name -> {
      var after = store.finishTask(runId, name, Set.of(TaskStatus.RUNNING), 1,
          TaskPatch.to(TaskStatus.SUCCEEDED).finishedAt(at(2)));
      if (after.isPresent()) {
        finished.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        maxTerminal.accumulateAndGet(after.get().tasksTerminal(), Math::max);
        if (after.get().tasksTerminal() == TASKS) {
          sawAllTerminal.incrementAndGet();
        }
        if (store.markDependencySatisfied(runId, "fanin", name) == TASKS) {
          sawFanInComplete.incrementAndGet();
        }
      }
    });
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("[dynamodb] race: " + deliveries.size() + " finish deliveries from " + THREADS + " threads in "
        + millis + " ms");

    var run = store.run(runId).orElseThrow();
    assertThat(run.tasksTerminal()).isEqualTo(TASKS);
    assertThat(run.tasksFailed()).isZero();
    assertThat(finished).hasSize(TASKS).allSatisfy((k, v) -> assertThat(v).hasValue(1));
    assertThat(maxTerminal).hasValue(TASKS);
    assertThat(sawAllTerminal).as("the run returned is the one right after each count").hasValue(1);
    assertThat(sawFanInComplete).hasValue(1);
    assertThat(store.tasks(runId)).filteredOn(t -> t.status() == TaskStatus.SUCCEEDED).hasSize(TASKS);
  }

  private static void concurrently(List<String> items, Consumer<String> action) throws Exception {
    var pool = Executors.newFixedThreadPool(THREADS);
    try {
      var go = new CountDownLatch(1);
      var futures = new ArrayList<Future<?>>();
      for (var item : items) {
        futures.add(pool.submit(() -> {
          go.await();
          action.accept(item);
          return null;
        }));
      }
      go.countDown();
      for (var f : futures) {
        f.get(300, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
