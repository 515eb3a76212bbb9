package dev.ork.cli;

import dev.ork.core.run.Run;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.workflow.WorkflowJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** Renders runs and tasks for the terminal: the live table, plain progress lines, the summary. */
public final class RunView {
  private RunView() {}

  public static String symbol(TaskStatus s) {
    return switch (s) {
      case PENDING -> "·";
      case QUEUED, DISPATCHED -> "○";
      case RUNNING, DEFERRED -> "▶";
      case RETRY_WAIT -> "↻";
      case SUCCEEDED -> "✓";
      case FAILED, TIMED_OUT -> "✗";
      case UPSTREAM_FAILED, CANCELLED -> "-";
    };
  }

  static String taskLine(TaskRun t, int nameWidth) {
    return taskLine(t.taskName(), t.status(), t.attempt(), t.maxAttempts(), t.startedAt(), t.finishedAt(), nameWidth);
  }

  /** One task as the summaries show it, local or remote: symbol, name, status, duration, attempt. */
  public static String taskLine(String name, TaskStatus status, int attempt, int maxAttempts, Instant startedAt,
      Instant finishedAt, int nameWidth) {
    var attempts = attempt > 1 ? " (attempt " + attempt + "/" + maxAttempts + ")" : "";
    var duration = startedAt == null ? "" : "  " + Durations.between(startedAt, finishedAt);
    return String.format("  %s %-" + nameWidth + "s  %-15s%s%s", symbol(status), name, status.wireName(), duration, attempts);
  }

  /** The summary's first line: {@code run <id> <status> in <duration> (<workflow>)}. */
  public static String headLine(String runId, String status, Instant createdAt, Instant finishedAt, String workflow) {
    return "run " + runId + " " + status + " in " + Durations.between(createdAt, finishedAt) + " (" + workflow + ")";
  }

  /** Tasks in the workflow's declaration order (stores return them in their own order). */
  static List<TaskRun> ordered(List<TaskRun> tasks, dev.ork.core.workflow.CompiledWorkflow wf) {
    if (wf == null) return tasks;
    var index = new java.util.HashMap<String, Integer>();
    wf.tasks().forEach(t -> index.put(t.name(), t.index()));
    return tasks.stream().sorted(java.util.Comparator.comparing(t -> index.getOrDefault(t.taskName(), Integer.MAX_VALUE))).toList();
  }

  static int nameWidth(List<TaskRun> tasks) {
    return tasks.stream().mapToInt(t -> t.taskName().length()).max().orElse(4);
  }

  static void summary(PrintWriter out, Run run, List<TaskRun> tasks) {
    out.println();
    out.println(headLine(run.runId(), run.status().wireName(), run.createdAt(), run.finishedAt(), run.workflowName()));
    int width = nameWidth(tasks);
    for (var t : tasks) {
      out.println(taskLine(t, width));
      if (t.output() != null && !t.output().isNull()) out.println("      output: " + abbreviate(json(t.output()), 200));
      if (t.error() != null && t.status() != TaskStatus.SUCCEEDED) out.println("      error:  " + t.error());
    }
    tasks.stream().filter(t -> t.status() == TaskStatus.FAILED || t.status() == TaskStatus.TIMED_OUT).findFirst()
        .ifPresent(t -> out.println("hint: see its output with `ork logs " + run.runId() + " " + t.taskName() + "`"));
  }

  static String json(Object node) {
    try {
      return WorkflowJson.MAPPER.writeValueAsString(node);
    } catch (Exception e) {
      return String.valueOf(node);
    }
  }

  public static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
