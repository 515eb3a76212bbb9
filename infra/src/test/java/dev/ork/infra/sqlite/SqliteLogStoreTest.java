package dev.ork.infra.sqlite;

import dev.ork.core.port.LogStore;
import dev.ork.core.port.LogStoreContract;
import org.junit.jupiter.api.AfterEach;

class SqliteLogStoreTest extends LogStoreContract {

  private SqliteDatabase db;

  @Override
  protected LogStore newStore() {
    db = SqliteDatabase.inMemory();
    return new SqliteLogStore(db, capBytes());
  }

  @Override
  protected int capBytes() {
    return 4096;
  }

  @AfterEach
  void closeDb() {
    db.close();
  }
}
