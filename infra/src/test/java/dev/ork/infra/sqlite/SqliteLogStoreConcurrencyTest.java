package dev.ork.infra.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 4: five `ork run`s on one database lost 6 % of task logs to SQLITE_BUSY_SNAPSHOT (the
 * append read, then wrote, in a deferred transaction). Five connections stand for the five processes.
 */
class SqliteLogStoreConcurrencyTest {
  static final int CONNECTIONS = 5;
  static final int TASKS = 60;
  static final int CHUNKS = 5;

  @Test
  void appendsFromFiveConnectionsAtOnce_allLand(@TempDir Path dir) throws Exception {
    var file = dir.resolve("ork.db").toString();
    var failures = new ConcurrentLinkedQueue<Throwable>();
    var dbs = new ArrayList<SqliteDatabase>();
    var threads = new ArrayList<Thread>();
    for (int c = 0; c < CONNECTIONS; c++) {
      var db = SqliteDatabase.open(file);
      dbs.add(db);
      var logs = new SqliteLogStore(db);
      var run = "run-" + c;
      threads.add(Thread.ofPlatform().start(() -> {
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
          for (int t = 0; t < TASKS; t++) {
            try {
              logs.append(run, "t" + t, 1, "stdout", "line " + chunk + "\n");
            } catch (RuntimeException e) {
              failures.add(e);
            }
          }
        }
      }));
    }
    for (var t : threads) t.join();
    try {
      assertThat(failures).as("appends that failed").isEmpty();
      var logs = new SqliteLogStore(dbs.get(0));
      List<String> missing = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        for (int t = 0; t < TASKS; t++) {
          var text = logs.read("run-" + c, "t" + t, 1);
          if (!text.equals("line 0\nline 1\nline 2\nline 3\nline 4\n")) missing.add("run-" + c + "/t" + t + ": " + text.length());
        }
      }
      assertThat(missing).as("logs not complete").isEmpty();
    } finally {
      dbs.forEach(SqliteDatabase::close);
    }
  }
}
