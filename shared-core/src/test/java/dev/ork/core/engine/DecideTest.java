package dev.ork.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.engine.Decision.WriteTask;
import dev.ork.core.port.Deferrals;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.run.TaskTransitions;
import dev.ork.core.testing.TestWorkflows;
import dev.ork.core.workflow.CompiledTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The pure decisions, per (task status, event): each pair's expected decisions in a table, and,
 * generated from the transition table, that every write a decision makes from that status is a
 * legal row, and that every row an attempt event can take is taken by some pair.
 */
class DecideTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final EngineSettings SETTINGS = EngineSettings.defaults().withBackoff(Backoff.standard());
  private static final dev.ork.core.workflow.CompiledWorkflow WF = TestWorkflows.named("w").task("t", 1, Duration.ofSeconds(30)).build();
  private static final CompiledTask TASK = WF.requireTask("t");

  /** The events of one attempt, each as a function of the task as last read. */
  private static final Map<String, Function<TaskRun, List<Decision>>> EVENTS = new LinkedHashMap<>();

  static {
    EVENTS.put("claim", t -> Decide.claim(run(RunStatus.RUNNING), t, new DispatchMessage("r", "t", t.attempt()), TASK, SETTINGS, NOW));
    EVENTS.put("claim running", t -> Decide.claim(run(RunStatus.RUNNING), t, new DispatchMessage("r", "t", t.attempt()), TASK,
        SETTINGS.withRunningAtClaim(Set.of("process")), NOW)); // a Lambda-like task: its claim records it running
    EVENTS.put("report running", t -> report(t, RunStatus.RUNNING, new StatusUpdate("r", "t", t.attempt(), StatusUpdate.Kind.RUNNING, null, null, "x", NOW)));
    EVENTS.put("report succeeded", t -> report(t, RunStatus.RUNNING, StatusUpdate.succeeded("r", "t", t.attempt(), null, NOW)));
    EVENTS.put("report failed", t -> report(t, RunStatus.RUNNING, StatusUpdate.failed("r", "t", t.attempt(), "boom", NOW)));
    EVENTS.put("deadline passed", t -> report(t, RunStatus.RUNNING, StatusUpdate.deadline("r", "t", t.attempt(), NOW)));
    EVENTS.put("report in a cancelled run", t -> report(t, RunStatus.CANCELLED, StatusUpdate.succeeded("r", "t", t.attempt(), null, NOW)));
    EVENTS.put("launch failed", t -> Decide.launchFailed(WF, t, TASK, "refused", true, SETTINGS, NOW));
    EVENTS.put("launched", t -> Decide.launched(t, TASK, "x", NOW, SETTINGS));
    EVENTS.put("last: report failed", t -> report(last(t), RunStatus.RUNNING, StatusUpdate.failed("r", "t", 2, "boom", NOW)));
    EVENTS.put("last: deadline passed", t -> report(last(t), RunStatus.RUNNING, StatusUpdate.deadline("r", "t", 2, NOW)));
    EVENTS.put("last: launch failed", t -> Decide.launchFailed(WF, last(t), TASK, "refused", true, SETTINGS, NOW));
  }

  /** Expected, per status then event: the writes that apply from that status ("-" for none), and the other decisions. */
  private static final String EXPECTED = """
      PENDING         | claim                      | no write
      PENDING         | claim running              | no write
      PENDING         | report running             | no write
      PENDING         | report succeeded           | no write else ReplayIfFinished
      PENDING         | report failed              | ReplayIfFinished
      PENDING         | deadline passed            | nothing
      PENDING         | report in a cancelled run  | PENDING->CANCELLED then ReleaseTaskSlots
      PENDING         | launch failed              | no write
      PENDING         | launched                   | no write else StopIfCancelled
      PENDING         | last: report failed        | ReplayIfFinished
      PENDING         | last: deadline passed      | nothing
      PENDING         | last: launch failed        | no write else ReplayIfFinished
      QUEUED          | claim                      | QUEUED->DISPATCHED then StatusAfter+Launch
      QUEUED          | claim running              | QUEUED->RUNNING then StatusAfter+Launch
      QUEUED          | report running             | no write
      QUEUED          | report succeeded           | no write else ReplayIfFinished
      QUEUED          | report failed              | ReplayIfFinished
      QUEUED          | deadline passed            | nothing
      QUEUED          | report in a cancelled run  | QUEUED->CANCELLED then ReleaseTaskSlots
      QUEUED          | launch failed              | no write
      QUEUED          | launched                   | no write else StopIfCancelled
      QUEUED          | last: report failed        | ReplayIfFinished
      QUEUED          | last: deadline passed      | nothing
      QUEUED          | last: launch failed        | no write else ReplayIfFinished
      DISPATCHED      | claim                      | no write
      DISPATCHED      | claim running              | no write
      DISPATCHED      | report running             | DISPATCHED->RUNNING
      DISPATCHED      | report succeeded           | DISPATCHED->SUCCEEDED then ReleaseTaskSlots+AfterTerminal
      DISPATCHED      | report failed              | DISPATCHED->RETRY_WAIT then ReleaseTaskSlots+DispatchAfter
      DISPATCHED      | deadline passed            | DISPATCHED->RETRY_WAIT then ReleaseTaskSlots+DispatchAfter
      DISPATCHED      | report in a cancelled run  | DISPATCHED->CANCELLED then ReleaseTaskSlots
      DISPATCHED      | launch failed              | DISPATCHED->RETRY_WAIT then ReleaseTaskSlots+DispatchAfter
      DISPATCHED      | launched                   | DISPATCHED->RUNNING
      DISPATCHED      | last: report failed        | DISPATCHED->FAILED then ReleaseTaskSlots+AfterTerminal
      DISPATCHED      | last: deadline passed      | DISPATCHED->FAILED then ReleaseTaskSlots+AfterTerminal
      DISPATCHED      | last: launch failed        | DISPATCHED->FAILED then ReleaseTaskSlots+AfterTerminal
      RUNNING         | claim                      | no write
      RUNNING         | claim running              | no write
      RUNNING         | report running             | no write
      RUNNING         | report succeeded           | RUNNING->SUCCEEDED then ReleaseTaskSlots+AfterTerminal
      RUNNING         | report failed              | RUNNING->RETRY_WAIT then ReleaseTaskSlots+DispatchAfter
      RUNNING         | deadline passed            | StopAttempt, RUNNING->RETRY_WAIT then ReleaseTaskSlots+DispatchAfter
      RUNNING         | report in a cancelled run  | RUNNING->CANCELLED then ReleaseTaskSlots
      RUNNING         | launch failed              | RUNNING->RETRY_WAIT then ReleaseTaskSlots+DispatchAfter
      RUNNING         | launched                   | nothing
      RUNNING         | last: report failed        | RUNNING->FAILED then ReleaseTaskSlots+AfterTerminal
      RUNNING         | last: deadline passed      | StopAttempt, RUNNING->TIMED_OUT then ReleaseTaskSlots+AfterTerminal
      RUNNING         | last: launch failed        | RUNNING->FAILED then ReleaseTaskSlots+AfterTerminal
      DEFERRED        | claim                      | no write
      DEFERRED        | claim running              | no write
      DEFERRED        | report running             | no write
      DEFERRED        | report succeeded           | DEFERRED->SUCCEEDED then ReleaseTaskSlots+AfterTerminal
      DEFERRED        | report failed              | CancelJobs, DEFERRED->RETRY_WAIT then ReleaseTaskSlots+DispatchAfter
      DEFERRED        | deadline passed            | StopAttempt, CancelJobs, DEFERRED->RETRY_WAIT then ReleaseTaskSlots+DispatchAfter
      DEFERRED        | report in a cancelled run  | DEFERRED->CANCELLED then ReleaseTaskSlots
      DEFERRED        | launch failed              | CancelJobs, no write
      DEFERRED        | launched                   | no write else StopIfCancelled
      DEFERRED        | last: report failed        | CancelJobs, DEFERRED->FAILED then ReleaseTaskSlots+AfterTerminal
      DEFERRED        | last: deadline passed      | StopAttempt, CancelJobs, DEFERRED->TIMED_OUT then ReleaseTaskSlots+AfterTerminal
      DEFERRED        | last: launch failed        | CancelJobs, no write else ReplayIfFinished
      RETRY_WAIT      | claim                      | RETRY_WAIT->DISPATCHED then StatusAfter+Launch
      RETRY_WAIT      | claim running              | RETRY_WAIT->RUNNING then StatusAfter+Launch
      RETRY_WAIT      | report running             | no write
      RETRY_WAIT      | report succeeded           | no write else ReplayIfFinished
      RETRY_WAIT      | report failed              | ReplayIfFinished
      RETRY_WAIT      | deadline passed            | nothing
      RETRY_WAIT      | report in a cancelled run  | RETRY_WAIT->CANCELLED then ReleaseTaskSlots
      RETRY_WAIT      | launch failed              | no write
      RETRY_WAIT      | launched                   | no write else StopIfCancelled
      RETRY_WAIT      | last: report failed        | ReplayIfFinished
      RETRY_WAIT      | last: deadline passed      | nothing
      RETRY_WAIT      | last: launch failed        | no write else ReplayIfFinished
      SUCCEEDED       | claim                      | no write
      SUCCEEDED       | claim running              | no write
      SUCCEEDED       | report running             | no write
      SUCCEEDED       | report succeeded           | no write else ReplayIfFinished
      SUCCEEDED       | report failed              | ReplayIfFinished
      SUCCEEDED       | deadline passed            | nothing
      SUCCEEDED       | report in a cancelled run  | nothing
      SUCCEEDED       | launch failed              | no write
      SUCCEEDED       | launched                   | no write else StopIfCancelled
      SUCCEEDED       | last: report failed        | ReplayIfFinished
      SUCCEEDED       | last: deadline passed      | nothing
      SUCCEEDED       | last: launch failed        | no write else ReplayIfFinished
      FAILED          | claim                      | no write
      FAILED          | claim running              | no write
      FAILED          | report running             | no write
      FAILED          | report succeeded           | no write else ReplayIfFinished
      FAILED          | report failed              | ReplayIfFinished
      FAILED          | deadline passed            | nothing
      FAILED          | report in a cancelled run  | nothing
      FAILED          | launch failed              | no write
      FAILED          | launched                   | no write else StopIfCancelled
      FAILED          | last: report failed        | ReplayIfFinished
      FAILED          | last: deadline passed      | nothing
      FAILED          | last: launch failed        | no write else ReplayIfFinished
      TIMED_OUT       | claim                      | no write
      TIMED_OUT       | claim running              | no write
      TIMED_OUT       | report running             | no write
      TIMED_OUT       | report succeeded           | no write else ReplayIfFinished
      TIMED_OUT       | report failed              | ReplayIfFinished
      TIMED_OUT       | deadline passed            | nothing
      TIMED_OUT       | report in a cancelled run  | nothing
      TIMED_OUT       | launch failed              | no write
      TIMED_OUT       | launched                   | no write else StopIfCancelled
      TIMED_OUT       | last: report failed        | ReplayIfFinished
      TIMED_OUT       | last: deadline passed      | nothing
      TIMED_OUT       | last: launch failed        | no write else ReplayIfFinished
      UPSTREAM_FAILED | claim                      | no write
      UPSTREAM_FAILED | claim running              | no write
      UPSTREAM_FAILED | report running             | no write
      UPSTREAM_FAILED | report succeeded           | no write else ReplayIfFinished
      UPSTREAM_FAILED | report failed              | ReplayIfFinished
      UPSTREAM_FAILED | deadline passed            | nothing
      UPSTREAM_FAILED | report in a cancelled run  | nothing
      UPSTREAM_FAILED | launch failed              | no write
      UPSTREAM_FAILED | launched                   | no write else StopIfCancelled
      UPSTREAM_FAILED | last: report failed        | ReplayIfFinished
      UPSTREAM_FAILED | last: deadline passed      | nothing
      UPSTREAM_FAILED | last: launch failed        | no write else ReplayIfFinished
      CANCELLED       | claim                      | no write
      CANCELLED       | claim running              | no write
      CANCELLED       | report running             | no write
      CANCELLED       | report succeeded           | no write else ReplayIfFinished
      CANCELLED       | report failed              | ReplayIfFinished
      CANCELLED       | deadline passed            | nothing
      CANCELLED       | report in a cancelled run  | nothing
      CANCELLED       | launch failed              | no write
      CANCELLED       | launched                   | no write else StopIfCancelled
      CANCELLED       | last: report failed        | ReplayIfFinished
      CANCELLED       | last: deadline passed      | nothing
      CANCELLED       | last: launch failed        | no write else ReplayIfFinished
      """;

  @TestFactory
  Stream<DynamicTest> everyStatusAndEvent_decidesAsTheTableSays() {
    var expected = EXPECTED.lines().filter(l -> !l.isBlank()).map(String::strip).toList();
    var actual = table();
    return Stream.concat(
        Stream.of(DynamicTest.dynamicTest("table", () -> assertThat(actual).isEqualTo(expected))),
        actual.stream().map(line -> DynamicTest.dynamicTest(line, () -> assertThat(expected).contains(line))));
  }

  @Test
  void everyWriteThatApplies_isARowOfTheTaskTable_andEveryAttemptRowIsTaken() {
    var taken = new HashSet<String>();
    for (var status : TaskStatus.values()) {
      for (var event : EVENTS.entrySet()) {
        for (var w : writes(event.getValue().apply(task(status)))) {
          if (!w.guard().contains(status)) continue;
          assertThat(TaskTransitions.TABLE.allows(status, w.patch().status()))
              .as(status + " on " + event.getKey() + " -> " + w.patch().status()).isTrue();
          taken.add(status + "->" + w.patch().status());
        }
      }
    }
    // rows taken by other events than one attempt's: readiness, upstream failure, cancel, hand-over,
    var notAttemptRows = Set.of("PENDING->QUEUED", "PENDING->DISPATCHED", "PENDING->UPSTREAM_FAILED",
        "RUNNING->DEFERRED", "DISPATCHED->DEFERRED", "PENDING->CANCELLED", "QUEUED->CANCELLED", "RETRY_WAIT->CANCELLED",
        "PENDING->RUNNING", "PENDING->SUCCEEDED", "PENDING->FAILED"); // and a foreach's expansion
    // ... and a rerun's redrive of finished tasks back to pending (RunControl.rerun, not an attempt event)
    var rows = TaskTransitions.TABLE.transitions().stream().filter(t -> t.to() != TaskStatus.PENDING)
        .map(t -> t.from() + "->" + t.to()).filter(r -> !notAttemptRows.contains(r)).collect(Collectors.toSet());
    assertThat(taken).containsAll(rows);
  }

  static List<String> table() {
    var out = new ArrayList<String>();
    for (var status : TaskStatus.values()) {
      for (var event : EVENTS.entrySet()) {
        var decisions = event.getValue().apply(task(status));
        out.add(String.format("%-15s | %-26s | %s", status, event.getKey(), render(decisions, status)));
      }
    }
    return out;
  }

  private static String render(List<Decision> decisions, TaskStatus from) {
    var parts = new ArrayList<String>();
    for (var d : decisions) {
      if (d instanceof WriteTask w) {
        parts.add(w.guard().contains(from) ? from + "->" + w.patch().status() + render(w.then(), "then")
            : "no write" + render(w.otherwise(), "else"));
      } else {
        parts.add(d.getClass().getSimpleName());
      }
    }
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }

  private static String render(List<Decision> then, String label) {
    return then.isEmpty() ? "" : " " + label + " " + then.stream().map(d -> d.getClass().getSimpleName()).collect(Collectors.joining("+"));
  }

  private static List<WriteTask> writes(List<Decision> decisions) {
    return decisions.stream().filter(d -> d instanceof WriteTask).map(d -> (WriteTask) d).toList();
  }

  private static List<Decision> report(TaskRun t, RunStatus runStatus, StatusUpdate u) {
    return Decide.onStatus(WF, run(runStatus), t, TASK, u, SETTINGS, Deferrals.none(), NOW);
  }

  /** The task in {@code status} at attempt 1 (of 2), deadline passed, retry due, launched as "x". */
  private static TaskRun task(TaskStatus status) {
    return new TaskRun("r", "t", status, 1, 2, "x", null, null, NOW, NOW, null, NOW.minusSeconds(1), NOW.minusSeconds(1));
  }

  /** The same task at its last attempt (2 of 2). */
  private static TaskRun last(TaskRun t) {
    return new TaskRun(t.runId(), t.taskName(), t.status(), 2, 2, t.executionId(), t.output(), t.error(), t.queuedAt(),
        t.startedAt(), t.finishedAt(), t.deadline(), t.retryAt());
  }

  private static Run run(RunStatus status) {
    return new Run("r", "w", "h", status, "test", null, null, 1, 0, 0, null, NOW, NOW, null);
  }
}
