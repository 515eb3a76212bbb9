package dev.ork.infra.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.ContractFixtures;
import dev.ork.core.port.RunStore;
import dev.ork.core.port.RunStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
  void createRun_takesWellUnderASecond_whenRunHasTenThousandTasks() {
    var runId = "big";
    var tasks = ContractFixtures.tasks(runId, 10_000);
    store.createRun(ContractFixtures.run("warm", "wf", null, ContractFixtures.at(0), 1), ContractFixtures.tasks("warm", 1));
    long start = System.nanoTime();
    store.createRun(ContractFixtures.run(runId, "wf", null, ContractFixtures.at(0), 10_000), tasks);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("[sqlite] createRun with 10000 tasks: " + millis + " ms");
    assertThat(millis).isLessThan(1000);
    assertThat(store.tasks(runId)).hasSize(10_000);
  }
}
