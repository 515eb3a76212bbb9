package dev.ork.infra.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.ContractFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {

  @Test
  void open_keepsDataAndSchemaVersion_whenFileReopened(@TempDir Path dir) {
    var file = dir.resolve("nested/ork.db").toString();
    try (var db = SqliteDatabase.open(file)) {
      assertThat(db.schemaVersion()).isEqualTo(SqliteSchema.MIGRATIONS.size());
      new SqliteRunStore(db).createRun(ContractFixtures.run("r1", "wf", ContractFixtures.at(0)), ContractFixtures.tasks("r1", 2));
    }
    try (var db = SqliteDatabase.open(file)) {
      assertThat(db.schemaVersion()).isEqualTo(SqliteSchema.MIGRATIONS.size());
      assertThat(new SqliteRunStore(db).tasks("r1")).hasSize(2);
    }
  }

  /** A single-statement write is committed at once: another connection (another `ork` process) sees it. */
  @Test
  void writeOne_isVisibleToAnotherConnection_withoutAnyCommit(@TempDir Path dir) {
    var file = dir.resolve("ork.db").toString();
    try (var db = SqliteDatabase.open(file); var other = SqliteDatabase.open(file)) {
      var runs = new SqliteRunStore(db);
      runs.createRun(ContractFixtures.run("r1", "wf", ContractFixtures.at(0)), ContractFixtures.tasks("r1", 1));
      var name = runs.tasks("r1").getFirst().taskName();
      boolean moved = runs.transitionTask("r1", name, java.util.Set.of(dev.ork.core.run.TaskStatus.PENDING), 0,
          dev.ork.core.run.TaskPatch.to(dev.ork.core.run.TaskStatus.QUEUED).attempt(1));
      assertThat(moved).isTrue();
      assertThat(new SqliteRunStore(other).task("r1", name).orElseThrow().status()).isEqualTo(dev.ork.core.run.TaskStatus.QUEUED);
      // and a second write from the other connection is not blocked by a transaction left open
      assertThat(new SqliteRunStore(other).transitionTask("r1", name, java.util.Set.of(dev.ork.core.run.TaskStatus.QUEUED), 1,
          dev.ork.core.run.TaskPatch.to(dev.ork.core.run.TaskStatus.DISPATCHED))).isTrue();
    }
  }

  /** Two `ork` commands starting at once (e.g. `ork runs` while `ork run` creates the file) both open it. */
  @Test
  void open_succeedsForEveryConnection_whenManyOpenAFreshFileAtOnce(@TempDir Path dir) throws Exception {
    var pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 25; round++) {
        var file = dir.resolve("round-" + round + "/ork.db").toString();
        var start = new CountDownLatch(1);
        var opened = new ArrayList<Future<Integer>>();
        for (int i = 0; i < 8; i++) {
          opened.add(pool.submit(() -> {
            start.await();
            try (var db = SqliteDatabase.open(file)) {
              return db.schemaVersion();
            }
          }));
        }
        start.countDown();
        for (var f : opened) {
          assertThat(f.get()).isEqualTo(SqliteSchema.MIGRATIONS.size());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
