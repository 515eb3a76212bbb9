package dev.ork.infra.sqlite;

import dev.ork.core.port.SlotStore;
import dev.ork.core.port.SlotStoreContract;
import org.junit.jupiter.api.AfterEach;

class SqliteSlotStoreTest extends SlotStoreContract {
  private SqliteDatabase db;

  @Override
  protected SlotStore newStore() {
    db = SqliteDatabase.inMemory();
    return new SqliteSlotStore(db);
  }

  @AfterEach
  void closeDb() {
    db.close();
  }
}
