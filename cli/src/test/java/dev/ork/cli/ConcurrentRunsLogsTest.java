package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.port.RunStore.RunQuery;
import dev.ork.core.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9, item 4: five `ork run`s at once on one database; every task's log is stored. */
class ConcurrentRunsLogsTest {
  static final int RUNS = 5;
  static final int TASKS = 40;

  @TempDir Path dir;

  @Test
  void fiveConcurrentRuns_storeEveryTasksLog() throws Exception {
    var yaml = new StringBuilder("name: chatty\ntasks:\n");
    for (int t = 0; t < TASKS; t++) yaml.append("  t").append(t).append(": {executor: process, command: 'echo hello from t").append(t).append("'}\n");
    var flow = Files.writeString(dir.resolve("chatty.yaml"), yaml);
    var db = dir.resolve("ork.db");
    var runs = new ArrayList<OrkProcess>();
    for (int i = 0; i < RUNS; i++) runs.add(OrkProcess.run(flow, db, dir.resolve("out-" + i + ".txt")));
    for (var r : runs) {
      assertThat(r.process.waitFor(120, TimeUnit.SECONDS)).as("ork run ended").isTrue();
      assertThat(r.process.exitValue()).as(Files.readString(r.output)).isZero();
      assertThat(Files.readString(r.output)).doesNotContain("cannot store");
    }
    try (var store = LocalStore.open(db)) {
      var page = store.runs.listRuns(new RunQuery("chatty", RunStatus.SUCCEEDED, 100, null));
      assertThat(page.runs()).hasSize(RUNS);
      List<String> missing = new ArrayList<>();
      for (var run : page.runs()) {
        for (int t = 0; t < TASKS; t++) {
          if (!store.logs.read(run.runId(), "t" + t, 1).equals("hello from t" + t + "\n")) missing.add(run.runId() + "/t" + t);
        }
      }
      assertThat(missing).as("tasks without their log").isEmpty();
    }
  }
}
