package dev.ork.cli;

import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The table {@code ork run} redraws in place on a terminal. It never draws more than rows − 1 lines
 * (the cursor's line is the last), so nothing it draws scrolls into the scrollback however many tasks
 * the run has: when they do not fit, it shows the counts per status, then the running, failed and most
 * recently finished tasks that fit, then "… N more". Lines are cut to the terminal's width (a wrapped
 * line would throw the redraw off); a resize is picked up by the next frame.
 */
final class LiveView {
  private static final String CSI = "\u001b[";

  private final PrintWriter out;
  private final Supplier<TerminalSize> size;
  private int drawn;

  LiveView(PrintWriter out, Supplier<TerminalSize> size) {
    this.out = out;
    this.size = size;
  }

  /** Redraws the table over the previous one, for tasks in {@link RunView#ordered} order. */
  void draw(List<TaskRun> ordered) {
    var screen = size.get();
    var lines = frame(ordered, screen.rows() - 1, screen.cols() - 1);
    var sb = new StringBuilder();
    if (drawn > 0) sb.append(CSI).append(drawn).append('F'); // up to the first line of the last frame
    for (var line : lines) sb.append(CSI).append("2K").append(line).append('\n');
    sb.append(CSI).append('J'); // what a longer last frame left below
    out.print(sb);
    out.flush();
    drawn = lines.size();
  }

  /** The lines of one frame: at most {@code maxLines} (at least 1), none wider than {@code maxWidth}. */
  static List<String> frame(List<TaskRun> ordered, int maxLines, int maxWidth) {
    int budget = Math.max(1, maxLines);
    var shown = RunView.shown(ordered);
    var lines = new ArrayList<String>();
    List<TaskRun> listed = shown;
    if (shown.size() > budget) {
      lines.add(counts(ordered));
      listed = mostTelling(shown, Math.max(0, budget - 2));
    }
    int width = RunView.nameWidth(listed);
    listed.forEach(t -> lines.add(RunView.taskLine(t, width)));
    if (listed != shown && budget >= 2) lines.add("  … " + (ordered.size() - listed.size()) + " more, counted above");
    return lines.stream().map(l -> l.length() <= maxWidth ? l : l.substring(0, Math.max(0, maxWidth - 1)) + "…").toList();
  }

  /** {@code 55 tasks: 30 pending, 4 running, 1 failed, 20 succeeded}, statuses in lifecycle order. */
  private static String counts(List<TaskRun> tasks) {
    var counts = new EnumMap<TaskStatus, Integer>(TaskStatus.class);
    tasks.forEach(t -> counts.merge(t.status(), 1, Integer::sum));
    var parts = new ArrayList<String>();
    counts.forEach((status, n) -> parts.add(n + " " + status.wireName()));
    return "  " + tasks.size() + " tasks: " + String.join(", ", parts);
  }

  /**
   * Up to {@code room} tasks, in their table order: those in motion (launching, running, deferred,
   * waiting to retry) first, then failures, then the most recently finished, then queued and pending ones.
   */
  private static List<TaskRun> mostTelling(List<TaskRun> shown, int room) {
    var picked = new HashSet<String>(shown.stream()
        .sorted(Comparator.comparingInt(LiveView::rank).thenComparing(TaskRun::finishedAt,
            Comparator.nullsLast(Comparator.reverseOrder())))
        .limit(room).map(TaskRun::taskName).toList());
    return shown.stream().filter(t -> picked.contains(t.taskName())).toList();
  }

  private static int rank(TaskRun t) {
    return switch (t.status()) {
      case DISPATCHED, RUNNING, DEFERRED, RETRY_WAIT -> 0;
      case FAILED, TIMED_OUT -> 1;
      case SUCCEEDED, UPSTREAM_FAILED, CANCELLED -> 2;
      case QUEUED -> 3;
      case PENDING -> 4;
    };
  }
}
