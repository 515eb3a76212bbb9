package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 6: the live table of `ork run`, drawn into a fixed-size virtual screen. With 55 tasks in
 * 30 rows it used to write every task on each redraw: 324 scrollback lines, copies of one row.
 */
class LiveViewTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final StringWriter written = new StringWriter();
  private final AtomicReference<TerminalSize> size = new AtomicReference<>(new TerminalSize(30, 80));
  private final LiveView view = new LiveView(new PrintWriter(written, true), size::get);

  @Test
  void moreTasksThanRows_everyRedrawIsRowsMinusOneLines_andNothingReachesTheScrollback() {
    var screen = new VirtualScreen(30, 80);
    for (int step = 0; step <= 55; step++) {
      var frame = draw(screen, progress(55, step));
      assertThat(frame.chars().filter(c -> c == '\n').count()).as("lines written by redraw " + step).isEqualTo(29);
    }
    assertThat(screen.scrollback).as("scrollback after 56 redraws").isEmpty();
    var lines = screen.lines();
    assertThat(lines).hasSize(29).doesNotHaveDuplicates();
    assertThat(lines.get(0)).isEqualTo("  55 tasks: 54 succeeded, 1 failed");
    assertThat(lines.get(28)).isEqualTo("  … 28 more, counted above");
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("task_10").contains("failed"));
  }

  @Test
  void midRun_theSummaryKeepsRunningAndFailedTasks_andTheMostRecentlyFinished() {
    var screen = new VirtualScreen(12, 80);
    size.set(new TerminalSize(12, 80));
    draw(screen, progress(55, 30));
    var lines = screen.lines();
    assertThat(lines).hasSize(11);
    assertThat(lines.get(0)).isEqualTo("  55 tasks: 22 pending, 3 running, 29 succeeded, 1 failed");
    for (var t : List.of("task_10", "task_31", "task_32", "task_33", "task_30", "task_29")) {
      assertThat(lines).as(t).anySatisfy(l -> assertThat(l).contains(t + " "));
    }
    assertThat(lines).noneSatisfy(l -> assertThat(l).contains("pending   "));
    assertThat(lines.get(10)).isEqualTo("  … 46 more, counted above");
  }

  @Test
  void fewTasks_areAllListed_withoutCounts() {
    var screen = new VirtualScreen(30, 80);
    draw(screen, progress(5, 2));
    draw(screen, progress(5, 3));
    assertThat(screen.lines()).hasSize(5).allSatisfy(l -> assertThat(l).startsWith("  ").contains("task_"));
    assertThat(screen.scrollback).isEmpty();
  }

  @Test
  void resize_theNextFrameFitsTheNewSize_andLeavesNoCopiesBehind() {
    var screen = new VirtualScreen(30, 80);
    draw(screen, progress(55, 10));
    screen.shrinkTo(12);
    size.set(new TerminalSize(12, 80));
    int pushedByTheResize = screen.scrollback.size();
    draw(screen, progress(55, 11));
    assertThat(screen.lines()).hasSize(11).doesNotHaveDuplicates();
    assertThat(screen.scrollback).as("the redraw after the resize added no scrollback").hasSize(pushedByTheResize);
    draw(screen, progress(55, 12));
    assertThat(screen.scrollback).hasSize(pushedByTheResize);
  }

  @Test
  void narrowTerminal_linesAreCut_soNoneWraps() {
    var screen = new VirtualScreen(30, 30);
    size.set(new TerminalSize(30, 30));
    draw(screen, progress(55, 20));
    draw(screen, progress(55, 21));
    assertThat(screen.scrollback).isEmpty();
    assertThat(screen.lines()).hasSize(29).allSatisfy(l -> assertThat(l.length()).isLessThan(30));
  }

  /** Draws a frame into the screen; what the view wrote for it. */
  private String draw(VirtualScreen screen, List<TaskRun> tasks) {
    written.getBuffer().setLength(0);
    view.draw(tasks);
    var frame = written.toString();
    screen.write(frame);
    return frame;
  }

  /** {@code n} tasks at step {@code s}: those before s succeeded (task_10 failed), the next 3 run, the rest wait. */
  private static List<TaskRun> progress(int n, int s) {
    var tasks = new ArrayList<TaskRun>();
    for (int i = 1; i <= n; i++) {
      var status = i <= s ? (i == 10 ? TaskStatus.FAILED : TaskStatus.SUCCEEDED) : i <= s + 3 ? TaskStatus.RUNNING : TaskStatus.PENDING;
      var started = status == TaskStatus.PENDING ? null : T0.plusSeconds(i);
      var finished = status.isTerminal() ? T0.plusSeconds(i + 1) : null;
      tasks.add(new TaskRun("r", String.format("task_%02d", i), status, status == TaskStatus.PENDING ? 0 : 1, 1, null, null,
          null, null, started, finished, null, null));
    }
    return tasks;
  }
}
