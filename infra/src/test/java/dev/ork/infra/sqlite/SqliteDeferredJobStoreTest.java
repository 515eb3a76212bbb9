package dev.ork.infra.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.DeferredJobStore;
import dev.ork.core.port.DeferredJobStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDeferredJobStoreTest extends DeferredJobStoreContract {

  private SqliteDatabase db;

  @Override
  protected DeferredJobStore newStore() {
    db = SqliteDatabase.inMemory();
    return new SqliteDeferredJobStore(db);
  }

  @AfterEach
  void closeDb() {
    db.close();
  }

  @Test
  void open_addsTheDeferredJobsTable_whenTheDatabaseHasOnlyTheFirstMigration(@TempDir Path dir) throws Exception {
    var file = dir.resolve("old.db").toString();
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
      st.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      st.execute("INSERT INTO schema_version (version) VALUES (1)");
      for (var sql : SqliteSchema.MIGRATIONS.get(0).split(";")) {
        if (!sql.isBlank()) st.execute(sql);
      }
    }
    try (var old = SqliteDatabase.open(file)) {
      assertThat(old.schemaVersion()).isEqualTo(SqliteSchema.MIGRATIONS.size());
      var jobs = new SqliteDeferredJobStore(old);
      jobs.createJobs(java.util.List.of(job("r", "t", 1, 0, dev.ork.core.run.DeferredJob.Status.PENDING,
          dev.ork.core.port.ContractFixtures.at(0))));
      assertThat(jobs.jobsOf("r", "t", 1)).hasSize(1);
    }
    assertThat(Files.exists(Path.of(file))).isTrue();
  }
}
