package dev.ork.cli;

import dev.ork.core.engine.Backfills;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.infra.local.LocalRuntime;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code ork backfill} prints: the slots that already had a run, then a line per change of a run
 * it started and the count per status after each change, then a summary naming what to rerun.
 */
final class BackfillProgress {
  private final LocalStore store;
  private final Backfills.Created created;
  private final boolean quiet;
  private final PrintWriter out;
  /** The runs this process started, by id, with their slot's fire time; and the status last shown. */
  private final Map<String, Backfills.Slot> mine = new LinkedHashMap<>();
  private final Map<String, RunStatus> shown = new HashMap<>();
  private final long started = System.nanoTime();

  BackfillProgress(LocalStore store, Backfills.Created created, String triggeredBy, boolean quiet, PrintWriter out) {
    this.store = store;
    this.created = created;
    this.quiet = quiet;
    this.out = out;
    for (var s : created.slots()) {
      if (s.ownedBy(created.backfill()) && triggeredBy.equals(s.run().triggeredBy())) mine.put(s.run().runId(), s);
    }
  }

  void header() {
    var b = created.backfill();
    out.println("backfill " + b.id() + " of " + b.workflowName() + ": " + b.slots() + " slot(s) in [" + b.from() + ", "
        + b.to() + "), at most " + b.maxActive() + " running at once" + (b.cancelled() ? " (cancelled earlier)" : ""));
    for (var s : created.slots()) {
      if (s.run() == null || mine.containsKey(s.run().runId())) continue;
      out.println("  " + s.fireTime() + "  run " + s.run().runId() + " exists: " + s.run().status().wireName()
          + (s.run().status().isFailure() ? "; rerun it with `ork rerun " + s.run().runId() + "`" : "") + " (not started again)");
    }
    out.flush();
  }

  /** Polls the runs this process started until each has ended, printing what changed. */
  void follow(LocalRuntime runtime) throws InterruptedException {
    while (true) {
      boolean changed = false, open = false;
      for (var e : mine.entrySet()) {
        var run = store.runs.run(e.getKey()).orElseThrow();
        open |= !run.status().isTerminal();
        if (run.status() != shown.put(run.runId(), run.status())) {
          changed = true;
          if (!quiet && run.status() != RunStatus.PENDING) line(e.getValue(), run);
        }
      }
      if (changed && !quiet) out.println("          [" + counts() + "]");
      out.flush();
      if (!open) return;
      runtime.awaitStatus(Duration.ofMillis(100));
    }
  }

  private void line(Backfills.Slot slot, Run run) {
    var elapsed = String.format("%7.2fs", (System.nanoTime() - started) / 1e9);
    out.println(elapsed + "  " + slot.fireTime() + "  run " + run.runId() + "  " + run.status().wireName()
        + (run.status().isTerminal() && run.startedAt() != null ? " in " + Durations.between(run.startedAt(), run.finishedAt()) : "")
        + (run.error() != null && run.status().isFailure() ? ": " + run.error() : ""));
  }

  private String counts() {
    return shown.values().stream().collect(Collectors.groupingBy(RunStatus::wireName, java.util.TreeMap::new, Collectors.counting()))
        .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
  }

  void summary(Backfills.Summary summary, List<Backfills.Slot> slots) {
    var counts = summary.counts().entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    out.println((summary.status().equals("succeeded") ? "✓" : "✗") + " backfill " + summary.backfill().id() + " "
        + summary.status() + ": " + counts);
    for (var s : slots) {
      if (s.run() != null && s.run().status().isFailure()) {
        out.println("  " + s.fireTime() + "  " + s.run().status().wireName() + ": rerun it with `ork rerun " + s.run().runId() + "`");
      }
    }
    out.flush();
  }
}
