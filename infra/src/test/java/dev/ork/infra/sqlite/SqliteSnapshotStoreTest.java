package dev.ork.infra.sqlite;

import dev.ork.core.port.SnapshotStore;
import dev.ork.core.port.SnapshotStoreContract;
import org.junit.jupiter.api.AfterEach;

class SqliteSnapshotStoreTest extends SnapshotStoreContract {

  private SqliteDatabase db;

  @Override
  protected SnapshotStore newStore() {
    db = SqliteDatabase.inMemory();
    return new SqliteSnapshotStore(db);
  }

  @AfterEach
  void closeDb() {
    db.close();
  }
}
