package dev.ork.infra.sqlite;

import static dev.ork.core.port.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.ContractFixtures;
import dev.ork.core.port.RunStore;
import dev.ork.core.port.RunStoreContract;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskStatus;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRunStoreTest extends RunStoreContract {

  private SqliteDatabase db;

  @Override
  protected RunStore newStore() {
    db = SqliteDatabase.inMemory();
    return new SqliteRunStore(db);
  }

  @AfterEach
  void closeDb() {
    db.close();
  }

  @Test
  void createRun_storesTenThousandTasks_inOneCall() {
    var runId = "big";
    store.createRun(ContractFixtures.run(runId, "wf", null, at(0), 10_000), ContractFixtures.tasks(runId, 10_000));
    assertThat(store.tasks(runId)).hasSize(10_000);
    assertThat(store.run(runId).orElseThrow().taskCount()).isEqualTo(10_000);
  }

  @Test
  void runMaybeStale_answersFromTheCopyItRead_whoseCountersMayLag() {
    var runId = running("r1", 2);
    assertThat(store.runMaybeStale(runId).orElseThrow().tasksTerminal()).isZero();
    finish(runId, "t0");
    assertThat(store.runMaybeStale(runId).orElseThrow().tasksTerminal()).as("the copy read before the finish").isZero();
    assertThat(store.run(runId).orElseThrow().tasksTerminal()).isEqualTo(1);
    assertThat(store.runMaybeStale(runId).orElseThrow().tasksTerminal()).as("a fresh read refreshes the copy").isEqualTo(1);
  }

  @Test
  void runMaybeStale_isNeverOlderThanWhatThisStoreLastRead(@TempDir Path dir) throws Exception {
    try (var mine = SqliteDatabase.open(dir.resolve("ork.db").toString()); var theirs = SqliteDatabase.open(dir.resolve("ork.db").toString())) {
      var myStore = new SqliteRunStore(mine);
      myStore.createRun(ContractFixtures.run("r4", "wf", null, at(0), 1), ContractFixtures.tasks("r4", 1));
      myStore.transitionRun("r4", Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(1), null);
      assertThat(myStore.runMaybeStale("r4").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
      new SqliteRunStore(theirs).transitionRun("r4", Set.of(RunStatus.RUNNING), RunStatus.CANCELLED, at(2), "ork cancel");
      assertThat(myStore.run("r4").orElseThrow().status()).as("a watcher's read").isEqualTo(RunStatus.CANCELLED);
      assertThat(myStore.runMaybeStale("r4").orElseThrow().status()).as("what the status handler then sees").isEqualTo(RunStatus.CANCELLED);
    }
  }

  @Test
  void runMaybeStale_showsAStatusOrOwnerChangeMadeThroughThisStore_atOnce() {
    var runId = running("r2", 1);
    assertThat(store.runMaybeStale(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(store.transitionRun(runId, Set.of(RunStatus.RUNNING), RunStatus.CANCELLED, at(3), "stop")).isTrue();
    assertThat(store.runMaybeStale(runId).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(store.redriveRun(runId, Set.of(RunStatus.CANCELLED), 0, 0, "rerun", at(4))).isTrue();
    assertThat(store.runMaybeStale(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(((SqliteRunStore) store).reassignRun(runId, "rerun", "other-owner", at(5))).isTrue();
    assertThat(store.runMaybeStale(runId).orElseThrow().triggeredBy()).isEqualTo("other-owner");
  }

  @Test
  void runMaybeStale_showsAChangeByAnotherProcess_withinASecond(@TempDir Path dir) throws Exception {
    try (var mine = SqliteDatabase.open(dir.resolve("ork.db").toString()); var theirs = SqliteDatabase.open(dir.resolve("ork.db").toString())) {
      var myStore = new SqliteRunStore(mine);
      var theirStore = new SqliteRunStore(theirs);
      myStore.createRun(ContractFixtures.run("r3", "wf", null, at(0), 1), ContractFixtures.tasks("r3", 1));
      myStore.transitionRun("r3", Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(1), null);
      assertThat(myStore.runMaybeStale("r3").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
      theirStore.transitionRun("r3", Set.of(RunStatus.RUNNING), RunStatus.CANCELLED, at(2), "ork cancel");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (myStore.runMaybeStale("r3").orElseThrow().status() != RunStatus.CANCELLED && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(myStore.runMaybeStale("r3").orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    }
  }

  private String running(String runId, int tasks) {
    store.createRun(ContractFixtures.run(runId, "wf", null, at(0), tasks), ContractFixtures.tasks(runId, tasks));
    assertThat(store.transitionRun(runId, Set.of(RunStatus.PENDING), RunStatus.RUNNING, at(1), null)).isTrue();
    return runId;
  }

  private void finish(String runId, String task) {
    assertThat(store.transitionTask(runId, task, Set.of(TaskStatus.PENDING), 0,
        TaskPatch.to(TaskStatus.RUNNING).attempt(1).startedAt(at(1)))).isTrue();
    assertThat(store.finishTask(runId, task, Set.of(TaskStatus.RUNNING), 1,
        TaskPatch.to(TaskStatus.SUCCEEDED).finishedAt(at(2)))).isPresent();
  }
}
