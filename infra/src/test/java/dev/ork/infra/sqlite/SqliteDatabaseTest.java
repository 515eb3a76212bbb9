package dev.ork.infra.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.ContractFixtures;
import java.nio.file.Path;
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
}
