package dev.ork.cli;

import dev.ork.core.payload.PayloadRef;

import dev.ork.core.run.Run;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.workflow.Instances;
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

  /** How many instances of one foreach task the views list (failed ones always); the rest are counted. */
  public static final int INSTANCES_SHOWN = 20;

  /**
   * Tasks in the workflow's declaration order (stores return them in their own order), each foreach
   * task followed by its instances in element order.
   */
  static List<TaskRun> ordered(List<TaskRun> tasks, dev.ork.core.workflow.CompiledWorkflow wf) {
    if (wf == null) return tasks;
    var index = new java.util.HashMap<String, Integer>();
    wf.tasks().forEach(t -> index.put(t.name(), t.index()));
    // a plain lambda, not Comparator.comparing: the JDK's combinators are serializable lambdas, which the
    // class-data archive cannot hold, so each was generated again at every start (~4 ms each)
    java.util.Comparator<TaskRun> byDeclaration = (a, b) -> {
      int c = Integer.compare(index.getOrDefault(Instances.parentOf(a.taskName()), Integer.MAX_VALUE),
          index.getOrDefault(Instances.parentOf(b.taskName()), Integer.MAX_VALUE));
      return c != 0 ? c : Integer.compare(Instances.indexOf(a.taskName()), Instances.indexOf(b.taskName()));
    };
    return tasks.stream().sorted(byDeclaration).toList();
  }

  /**
   * What the views list of {@link #ordered} tasks: every task, but of a foreach task's instances only
   * the first {@link #INSTANCES_SHOWN} and those that did not succeed.
   */
  static List<TaskRun> shown(List<TaskRun> ordered) {
    var out = new java.util.ArrayList<TaskRun>(Math.min(ordered.size(), 200));
    for (var t : ordered) {
      int i = Instances.indexOf(t.taskName());
      if (i < INSTANCES_SHOWN || (t.status().isFailure() && t.status() != TaskStatus.CANCELLED)) out.add(t);
    }
    return out;
  }

  /** {@code 10000 instances: 9998 succeeded, 2 running} for a foreach task's row, or null for other tasks. */
  static String instanceCounts(TaskRun parent, List<TaskRun> ordered) {
    if (parent.instances() == 0) return null;
    var counts = new java.util.TreeMap<String, Integer>();
    for (var t : ordered) {
      if (Instances.isInstance(t.taskName()) && Instances.parentOf(t.taskName()).equals(parent.taskName())) {
        counts.merge(t.status().wireName(), 1, Integer::sum);
      }
    }
    var parts = new java.util.ArrayList<String>();
    counts.forEach((k, v) -> parts.add(v + " " + k));
    return parent.instances() + " instances: " + String.join(", ", parts);
  }

  static int nameWidth(List<TaskRun> tasks) {
    return tasks.stream().mapToInt(t -> t.taskName().length()).max().orElse(4);
  }

  static void summary(PrintWriter out, Run run, List<TaskRun> tasks) {
    summary(out, run, tasks, t -> null);
  }

  /** @param waiting why a task waits (a full pool), or null */
  static void summary(PrintWriter out, Run run, List<TaskRun> tasks, java.util.function.Function<TaskRun, String> waiting) {
    summary(out, run, tasks, waiting, PayloadRef::uri);
  }

  /** @param fetch where an output stored out of line can be read (a file, a link) */
  static void summary(PrintWriter out, Run run, List<TaskRun> tasks, java.util.function.Function<TaskRun, String> waiting,
      java.util.function.Function<PayloadRef, String> fetch) {
    out.println();
    out.println(headLine(run.runId(), run.status().wireName(), run.createdAt(), run.finishedAt(), run.workflowName()));
    var shown = shown(tasks);
    int width = nameWidth(shown);
    String lastParent = null;
    for (var t : shown) {
      boolean instance = Instances.isInstance(t.taskName());
      if (!instance && lastParent != null) moreInstances(out, lastParent, tasks, shown);
      out.println(instance ? "  " + taskLine(t, width - 2) : taskLine(t, width));
      var counts = instance ? null : instanceCounts(t, tasks);
      if (counts != null) out.println("      " + counts);
      if (t.output() != null && !t.output().isNull() && !instance) out.println("      output: " + output(t.output(), fetch));
      if (t.error() != null && t.status() != TaskStatus.SUCCEEDED) out.println((instance ? "  " : "") + "      error:  " + t.error());
      var why = t.status() == TaskStatus.QUEUED ? waiting.apply(t) : null;
      if (why != null) out.println((instance ? "  " : "") + "      waiting: " + why);
      if (!instance) lastParent = counts != null ? t.taskName() : null;
    }
    if (lastParent != null) moreInstances(out, lastParent, tasks, shown);
    tasks.stream().filter(t -> t.status() == TaskStatus.FAILED || t.status() == TaskStatus.TIMED_OUT).findFirst()
        .ifPresent(t -> out.println("hint: see its output with `ork logs " + run.runId() + " " + t.taskName() + "`"));
  }

  /** An output as shown: the value (abbreviated), or for one stored out of line its size and where to fetch it. */
  static String output(com.fasterxml.jackson.databind.JsonNode output, java.util.function.Function<PayloadRef, String> fetch) {
    var ref = PayloadRef.isRef(output) ? PayloadRef.of(output).orElseThrow() : null;
    if (ref == null) return abbreviate(json(output), 200);
    return outOfLine(ref.size(), fetch.apply(ref));
  }

  /** {@code 5242880 bytes (5.0 MiB), stored out of line: <where>}. */
  public static String outOfLine(long size, String where) {
    return size + " bytes (" + String.format(java.util.Locale.ROOT, "%.1f MiB", size / 1048576.0) + "), stored out of line: " + where;
  }

  private static void moreInstances(PrintWriter out, String parent, List<TaskRun> all, List<TaskRun> shown) {
    java.util.function.Predicate<TaskRun> ofParent = t -> Instances.isInstance(t.taskName())
        && Instances.parentOf(t.taskName()).equals(parent);
    long hidden = all.stream().filter(ofParent).count() - shown.stream().filter(ofParent).count();
    if (hidden > 0) out.println("    … " + hidden + " more instances of " + parent + ", counted above");
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
