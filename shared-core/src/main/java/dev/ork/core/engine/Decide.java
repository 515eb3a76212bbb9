package dev.ork.core.engine;

import static dev.ork.core.run.TaskStatus.*;

import dev.ork.core.engine.Decision.AfterTerminal;
import dev.ork.core.engine.Decision.CancelJobs;
import dev.ork.core.engine.Decision.DispatchAfter;
import dev.ork.core.engine.Decision.Launch;
import dev.ork.core.engine.Decision.ReleaseTaskSlots;
import dev.ork.core.engine.Decision.ReplayIfFinished;
import dev.ork.core.engine.Decision.StatusAfter;
import dev.ork.core.engine.Decision.StopAttempt;
import dev.ork.core.engine.Decision.StopIfCancelled;
import dev.ork.core.engine.Decision.WriteTask;
import dev.ork.core.port.Deferrals;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.core.run.TaskTransitions;
import dev.ork.core.run.TaskTrigger;
import dev.ork.core.workflow.CompiledTask;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one attempt's events lead to: pure functions of (what was read, the event, now) to
 * {@link Decision}s. Nothing here reads or writes; {@link Applier} does. Every status write takes its
 * guard from the task table ({@link TaskTransitions#guard}).
 */
final class Decide {
  private Decide() {}

  /** A dispatch message: claim the attempt (QUEUED or RETRY_WAIT → DISPATCHED), then launch it. */
  static List<Decision> claim(Run run, TaskRun task, DispatchMessage m, CompiledTask ct, EngineSettings s, Instant now) {
    if (run == null || run.status() != RunStatus.RUNNING) return List.of(); // paused: resume re-sends
    if (task == null || task.attempt() != m.attempt()) return List.of();
    if (!due(task, now)) return List.of(new DispatchAfter(m, Duration.between(now, task.retryAt())));
    var to = claimedAs(ct, s);
    var claim = TaskPatch.to(to).startedAt(now).deadline(now.plus(claimWindow(ct, s)));
    return List.of(new WriteTask(m.runId(), m.taskName(), TaskTransitions.guard(TaskTrigger.CLAIM, to),
        m.attempt(), claim, afterClaim(run, claim.applyTo(task), ct, s), List.of()));
  }

  /** False for a retry whose backoff has not passed yet (its message arrived early). */
  static boolean due(TaskRun task, Instant now) {
    return !(task.status() == RETRY_WAIT && task.retryAt() != null && task.retryAt().isAfter(now));
  }

  /**
   * A dependent ready in a running run, claimed straight from PENDING (PENDING → DISPATCHED at
   * attempt 1) and launched: one conditional write and no read.
   */
  static WriteTask inlineClaim(Run run, CompiledTask ct, EngineSettings s, Instant now) {
    var to = claimedAs(ct, s);
    var claim = TaskPatch.to(to).attempt(1).queuedAt(now).startedAt(now).deadline(now.plus(claimWindow(ct, s)));
    var claimed = claim.applyTo(TaskRun.pending(run.runId(), ct.name(), ct.maxAttempts()));
    return new WriteTask(run.runId(), ct.name(), TaskTransitions.guard(TaskTrigger.READY_INLINE, to), 0, claim,
        afterClaim(run, claimed, ct, s), List.of());
  }

  /**
   * The status a claim writes: RUNNING for a task whose executor's launch cannot be stopped and always
   * reports ({@link EngineSettings#runningAtClaim}) and whose timeout runs from the claim, so that the
   * launch needs no write of its own; DISPATCHED otherwise.
   */
  static TaskStatus claimedAs(CompiledTask ct, EngineSettings s) {
    return s.runningAtClaim().contains(ct.executor().kind()) && timeoutRunsFromClaim(ct, s) ? RUNNING : DISPATCHED;
  }

  /**
   * What follows a claim that applied: its deadline timer (when the settings use timers), then the
   * launch. The timer is sent first, so a handler that dies while launching still leaves one; it
   * fires at the claim's deadline and, finding a later deadline (a long timeout that runs from the
   * launch), re-delays itself, so one message per attempt covers both the launch and the timeout.
   */
  private static List<Decision> afterClaim(Run run, TaskRun claimed, CompiledTask ct, EngineSettings s) {
    var launch = new Launch(run, claimed);
    if (!s.deadlineTimers()) return List.of(launch);
    var timer = StatusUpdate.deadline(claimed.runId(), ct.name(), claimed.attempt(), claimed.deadline());
    return List.of(new StatusAfter(timer, claimWindow(ct, s)), launch);
  }

  /** The executor accepted the attempt: record it RUNNING; if it was cancelled meanwhile, stop it. */
  static List<Decision> launched(TaskRun claimed, CompiledTask ct, String executionId, Instant started, EngineSettings s) {
    if (claimed.status() == RUNNING) return List.of(); // its claim recorded it (runningAtClaim): nothing to stop, nothing to write
    var running = TaskPatch.to(RUNNING).executionId(executionId);
    if (!timeoutRunsFromClaim(ct, s)) { // else unchanged: the claim's deadline (and timer) is already the attempt's
      running = ct.timeout() == null ? running.deadline(null) : running.deadline(started.plus(ct.timeout()));
    }
    // Not applied: the attempt already reported, or the run was cancelled while launching.
    var otherwise = List.<Decision>of(new StopIfCancelled(ct.executor().kind(), claimed.runId(), ct.name(),
        claimed.attempt(), executionId));
    return List.of(new WriteTask(claimed.runId(), ct.name(), TaskTransitions.guard(TaskTrigger.LAUNCHED, RUNNING),
        claimed.attempt(), running, List.of(), otherwise));
  }

  /** Binding, executor lookup or the launch failed: the same for a queued and an inline launch. */
  static List<Decision> launchFailed(CompiledWorkflow wf, TaskRun claimed, CompiledTask ct, String error, boolean retryable,
      EngineSettings s, Instant now) {
    return attemptFailed(wf, ct, claimed, TaskTrigger.LAUNCH_FAILED, error, retryable, false, s, now);
  }

  /** What an executor's report (or a deadline timer) does to the attempt it names. */
  static List<Decision> onStatus(CompiledWorkflow wf, Run run, TaskRun task, CompiledTask ct, StatusUpdate u, EngineSettings s,
      Deferrals deferrals, Instant now) {
    if (task == null || task.attempt() != u.attempt()) return List.of(); // unknown, or an older attempt: fenced
    if (run.status() == RunStatus.CANCELLED) { // sticky: whatever the attempt reports, a cancelled run's task is cancelled
      if (task.status().isTerminal()) return List.of();
      return List.of(new WriteTask(u.runId(), u.taskName(), TaskTransitions.guard(TaskTrigger.CANCEL, task.status(), CANCELLED),
          task.attempt(), TaskPatch.to(CANCELLED).error("run cancelled").finishedAt(now),
          List.of(new ReleaseTaskSlots(wf, ct, u.runId(), task.attempt())), List.of()));
    }
    return switch (u.kind()) {
      case RUNNING -> List.of(new WriteTask(u.runId(), u.taskName(), TaskTransitions.guard(TaskTrigger.LAUNCHED, RUNNING),
          u.attempt(), TaskPatch.to(RUNNING).executionId(u.executionId())));
      case SUCCEEDED -> succeeded(wf, ct, task, u, s, deferrals, now);
      case FAILED -> task.status().isInFlight()
          ? attemptFailed(wf, ct, task, TaskTrigger.ATTEMPT_FAILED, u.error() == null ? "task failed" : u.error(), true, false, s, now)
          : List.of(new ReplayIfFinished(ct, u.runId(), u.attempt(), null));
      case DEADLINE -> deadline(wf, ct, task, u, s, now);
      case WATCHDOG -> List.of(); // a run's, not an attempt's: Engine.onStatus checks the run's attempts
    };
  }

  private static List<Decision> succeeded(CompiledWorkflow wf, CompiledTask ct, TaskRun task, StatusUpdate u, EngineSettings s,
      Deferrals deferrals, Instant now) {
    boolean unfinished = task.status() == DISPATCHED || task.status() == RUNNING;
    if (DecideHandOver.handsOver(u.output())) {
      // a duplicate of the hand-over while the jobs run changes nothing
      return unfinished ? DecideHandOver.handOver(wf, ct, task, u.output(), s, deferrals, now) : List.of();
    }
    if (unfinished) {
      var refusal = OutputCheck.refuse(ct, u.output(), s.maxPayloadBytes());
      if (refusal.isPresent()) return attemptFailed(wf, ct, task, TaskTrigger.ATTEMPT_FAILED, refusal.get(), true, false, s, now);
    }
    var at = u.at() != null ? u.at() : now;
    var done = TaskPatch.to(SUCCEEDED).output(u.output()).finishedAt(at);
    if (task.executionId() == null && u.executionId() != null) done = done.executionId(u.executionId()); // claimed RUNNING: no launch write kept it
    return List.of(finish(wf, ct, u.runId(), TaskTransitions.guard(TaskTrigger.SUCCEEDED, SUCCEEDED), u.attempt(), done));
  }

  private static List<Decision> deadline(CompiledWorkflow wf, CompiledTask ct, TaskRun task, StatusUpdate u, EngineSettings s, Instant now) {
    if (!task.status().isInFlight() || task.deadline() == null) return List.of();
    if (now.isBefore(task.deadline())) { // early (capped delay, or the deadline moved): check again later
      return List.of(new StatusAfter(u, Duration.between(now, task.deadline())));
    }
    boolean launched = task.status() != DISPATCHED;
    var out = new ArrayList<Decision>();
    if (launched && task.executionId() != null) {
      out.add(new StopAttempt(ct.executor().kind(), task.runId(), ct.name(), task.attempt(), task.executionId(), "timed out"));
    }
    var error = launched
        ? "timed out" + (ct.timeout() == null ? "" : " after " + ct.timeout().toSeconds() + "s")
        : "launch did not complete within " + claimWindow(ct, s).toSeconds() + "s";
    out.addAll(attemptFailed(wf, ct, task, TaskTrigger.DEADLINE, error, true, launched, s, now));
    return out;
  }

  /** The attempt failed: the next one after backoff if retries are left and it may help, else the task fails. */
  static List<Decision> attemptFailed(CompiledWorkflow wf, CompiledTask ct, TaskRun task, TaskTrigger trigger, String error,
      boolean retryable, boolean timedOut, EngineSettings s, Instant now) {
    var out = new ArrayList<Decision>();
    int attempt = task.attempt();
    if (task.status() == DEFERRED) out.add(new CancelJobs(task.runId(), ct.name(), attempt, "the attempt ended: " + error));
    if (retryable && attempt < task.maxAttempts()) { // the row's budget: a rerun extends it
      var delay = s.backoff().delay(task.runId(), ct.name(), attempt);
      var patch = TaskPatch.to(RETRY_WAIT).attempt(attempt + 1).error(error).retryAt(now.plus(delay)).deadline(null);
      out.add(new WriteTask(task.runId(), ct.name(), TaskTransitions.guard(trigger, task.status(), RETRY_WAIT), attempt, patch,
          List.of(new ReleaseTaskSlots(wf, ct, task.runId(), attempt),
              new DispatchAfter(new DispatchMessage(task.runId(), ct.name(), attempt + 1), delay)), List.of()));
      return out;
    }
    var status = timedOut ? TIMED_OUT : FAILED;
    out.add(finish(wf, ct, task.runId(), TaskTransitions.guard(trigger, task.status(), status), attempt,
        TaskPatch.to(status).error(error).finishedAt(now)));
    return out;
  }

  /** A terminal write, then its consequences; replayed when a redelivery finds it applied before. */
  static WriteTask finish(CompiledWorkflow wf, CompiledTask ct, String runId, Set<TaskStatus> guard, int attempt, TaskPatch patch) {
    int applied = patch.attempt() != null ? patch.attempt() : attempt; // the attempt the task is at once finished
    return new WriteTask(runId, ct.name(), guard, attempt, patch,
        List.of(new ReleaseTaskSlots(wf, ct, runId, attempt), new AfterTerminal(ct, patch.status())),
        List.of(new ReplayIfFinished(ct, runId, applied, patch.status())));
  }

  /**
   * How long a claimed attempt may take to be recorded as launched: the launch grace, or the task's
   * timeout when that is shorter. In the latter case the timeout runs from the claim (launching is
   * part of it), and the claim's deadline is already the attempt's deadline.
   */
  static Duration claimWindow(CompiledTask ct, EngineSettings s) {
    return timeoutRunsFromClaim(ct, s) ? ct.timeout() : s.launchGrace();
  }

  private static boolean timeoutRunsFromClaim(CompiledTask ct, EngineSettings s) {
    return ct.timeout() != null && ct.timeout().compareTo(s.launchGrace()) <= 0;
  }
}
