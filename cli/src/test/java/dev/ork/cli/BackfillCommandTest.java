package dev.ork.cli;

import static dev.ork.cli.ValidateAndGraphCommandTest.ork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.engine.Backfills;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.schedule.CatchUp;
import dev.ork.core.testing.Overlap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ork backfill` on the local wiring: SQLite, real processes, the CLI as a user calls it. */
class BackfillCommandTest {
  private static final String FROM = "2025-12-01T00:00:00Z";
  private static final String TO = "2025-12-08T00:00:00Z";
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("ork.db");
  }

  /** A daily workflow whose run for the slot ending {@code failing} fails; each run records its interval. */
  private Path daily(String command) throws Exception {
    return Files.writeString(dir.resolve("daily.yaml"), """
        name: daily
        schedule: "cron(0 0 * * ? *)"
        tasks:
          load: {executor: process, command: '%s'}
        """.formatted(command));
  }

  private OrkCli.Captured backfill(Path flow, String... extra) {
    var args = new java.util.ArrayList<>(List.of("backfill", flow.toString(), "--from", FROM, "--to", TO, "--db", db().toString()));
    args.addAll(List.of(extra));
    return ork(args.toArray(String[]::new));
  }

  private List<Run> slotRuns() {
    try (var store = LocalStore.open(db())) {
      var b = store.backfills.backfills("daily").getFirst();
      return store.controlEngine().backfills().slots(b).stream().map(Backfills.Slot::run).toList();
    }
  }

  private int runCount() {
    try (var store = LocalStore.open(db())) {
      return store.runs.listRuns(new dev.ork.core.port.RunStore.RunQuery(null, null, 100, null)).runs().size();
    }
  }

  @Test
  void sevenDailySlots_withMaxActiveTwo_neverRunMoreThanTwo_andRepeatingStartsNothing() throws Exception {
    var flow = daily("echo \"$ORK_INTERVAL_START $ORK_INTERVAL_END\" >> seen.txt; sleep 0.3");
    var first = backfill(flow, "--max-active", "2");
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("7 slot(s)", "at most 2 running at once", "backfill", "succeeded: 7 succeeded");
    var runs = slotRuns();
    assertThat(runs).hasSize(7).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
    assertThat(Overlap.mostAtOnce(runs)).as("from the runs' recorded start and finish times").isBetween(1, 2);
    for (int i = 0; i < 7; i++) {
      var end = Instant.parse(FROM).plusSeconds(86_400L * i);
      assertThat(runs.get(i).intervalEnd()).isEqualTo(end);
      assertThat(runs.get(i).intervalStart()).isEqualTo(end.minusSeconds(86_400));
      assertThat(runs.get(i).idempotencyKey()).isEqualTo(CatchUp.runKey("daily", end));
    }
    assertThat(Files.readAllLines(dir.resolve("seen.txt"))).hasSize(7)
        .contains("2025-11-30T00:00:00Z 2025-12-01T00:00:00Z", "2025-12-06T00:00:00Z 2025-12-07T00:00:00Z");

    var again = backfill(flow, "--max-active", "2");
    assertThat(again.exit()).as(again.out() + again.err()).isZero();
    assertThat(again.out().lines().filter(l -> l.contains("exists: succeeded (not started again)"))).hasSize(7);
    assertThat(runCount()).isEqualTo(7);
    assertThat(slotRuns()).extracting(Run::runId).containsExactlyElementsOf(runs.stream().map(Run::runId).toList());
    assertThat(Files.readAllLines(dir.resolve("seen.txt"))).as("no process ran again").hasSize(7);
  }

  @Test
  void aFailedSlot_failsTheBackfill_andIsNamedForRerun_alsoWhenRepeated() throws Exception {
    var flow = daily("test \"$ORK_INTERVAL_END\" != 2025-12-03T00:00:00Z");
    var first = backfill(flow, "--max-active", "3", "--quiet");
    assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(1);
    var failed = slotRuns().stream().filter(r -> r.status() == RunStatus.FAILED).toList();
    assertThat(failed).hasSize(1);
    assertThat(first.out()).contains("6 succeeded", "1 failed", "ork rerun " + failed.getFirst().runId());
    var again = backfill(flow);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.out()).contains("exists: failed; rerun it with `ork rerun " + failed.getFirst().runId() + "`");
    assertThat(runCount()).isEqualTo(7);
  }

  @Test
  void badRequests_sayWhatIsWrong_andStartNothing() throws Exception {
    var flow = daily("true");
    assertThat(ork("backfill", flow.toString(), "--from", TO, "--to", FROM, "--db", db().toString()).err())
        .contains("must be before");
    var unparsable = ork("backfill", flow.toString(), "--from", "yesterday", "--to", TO, "--db", db().toString());
    assertThat(unparsable.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(unparsable.err()).contains("--from must be an ISO-8601 instant such as 2026-01-01T00:00:00Z", "'yesterday'");
    assertThat(ork("backfill", flow.toString(), "--from", "2025-12-01T00:00:01Z", "--to", "2025-12-01T23:00:00Z",
        "--db", db().toString()).err()).contains("no fire time of schedule");
    assertThat(ork("backfill", flow.toString(), "--from", "1990-01-01T00:00:00Z", "--to", TO, "--db", db().toString()).err())
        .contains("at most 10000 fire times");
    var manual = Files.writeString(dir.resolve("manual.yaml"), """
        name: manual
        tasks:
          a: {executor: process, command: 'true'}
        """);
    var noSchedule = ork("backfill", manual.toString(), "--from", FROM, "--to", TO, "--db", db().toString());
    assertThat(noSchedule.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(noSchedule.err()).contains("has no schedule").doesNotContain("Exception");
    assertThat(ork("backfill", "unknown", "--from", FROM, "--to", TO, "--db", db().toString()).err())
        .contains("workflow 'unknown' is not in");
    assertThat(runCount()).isZero();
  }

  @Test
  void aRegisteredWorkflow_isBackfilledByName() throws Exception {
    var flow = daily("true");
    assertThat(backfill(flow, "--quiet").exit()).isZero();
    var byName = ork("backfill", "daily", "--from", "2025-11-29T00:00:00Z", "--to", FROM, "--db", db().toString(),
        "--dir", dir.toString());
    assertThat(byName.exit()).as(byName.out() + byName.err()).isZero();
    assertThat(byName.out()).contains("2 slot(s)", "succeeded: 2 succeeded");
    assertThat(runCount()).isEqualTo(9);
  }

  /** The pid of the first slot's task once it runs (the newest runs wait, so OrkProcess.awaitRunning does not fit). */
  private long awaitTaskProcess() throws Exception {
    for (int i = 0; i < 600; i++) {
      Thread.sleep(50);
      if (!Files.exists(db())) continue;
      try (var store = LocalStore.open(db())) {
        var b = store.backfills.backfills("daily");
        if (b.isEmpty()) continue;
        var first = store.runs.runByKey("daily", CatchUp.runKey("daily", Instant.parse(FROM)));
        var task = first.flatMap(r -> store.runs.task(r.runId(), "load")).orElse(null);
        if (task != null && task.status() == dev.ork.core.run.TaskStatus.RUNNING && task.executionId() != null) {
          return Long.parseLong(task.executionId());
        }
      }
    }
    throw new AssertionError("the first slot's task did not start within 30 s");
  }

  @Test
  void ctrlC_cancelsTheBackfillsUnfinishedRuns_andKillsWhatRuns() throws Exception {
    var flow = daily("sleep 60");
    var ork = OrkProcess.start(dir.resolve("out.txt"), "backfill", flow.toString(), "--from", FROM, "--to", TO,
        "--max-active", "2", "--db", db().toString());
    try {
      long pid = awaitTaskProcess();
      ork.interruptGroup();
      assertThat(ork.process.waitFor(30, TimeUnit.SECONDS)).as("ork exited after Ctrl-C").isTrue();
      assertThat(Files.readString(dir.resolve("out.txt"))).contains("cancelled (Ctrl-C)").doesNotContain("Exception");
      var sleeper = ProcessHandle.of(pid);
      assertThat(sleeper.isEmpty() || !sleeper.get().isAlive()).as("the task's process was killed").isTrue();
      assertThat(slotRuns()).hasSize(7).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.CANCELLED));
      try (var store = LocalStore.open(db())) {
        assertThat(store.backfills.backfills("daily").getFirst().cancelled()).isTrue();
      }
    } finally {
      ork.process.destroyForcibly();
    }
  }
}
