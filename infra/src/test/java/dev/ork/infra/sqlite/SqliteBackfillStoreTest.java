package dev.ork.infra.sqlite;

import dev.ork.core.port.BackfillStore;
import dev.ork.core.port.BackfillStoreContract;
import org.junit.jupiter.api.AfterEach;

class SqliteBackfillStoreTest extends BackfillStoreContract {
  private SqliteDatabase db;

  @Override
  protected BackfillStore newStore() {
    db = SqliteDatabase.inMemory();
    return new SqliteBackfillStore(db);
  }

  @AfterEach
  void closeDb() {
    db.close();
  }
}
