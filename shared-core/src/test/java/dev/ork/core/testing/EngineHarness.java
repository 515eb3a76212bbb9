package dev.ork.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.engine.Backoff;
import dev.ork.core.engine.Engine;
import dev.ork.core.engine.EnginePorts;
import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.RunStore;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.Run;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskRun;
import dev.ork.core.workflow.CompiledWorkflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine wired to in-memory ports and hand-delivered queues: tests decide when (and how often,
 * and in which order) each message arrives, and what each attempt reports.
 */
public final class EngineHarness {
  public final ManualClock clock = new ManualClock();
  public final RunStore runs;
  public final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
  public final RecordingQueue<DispatchMessage> dispatch = new RecordingQueue<>(clock);
  public final RecordingQueue<StatusUpdate> status = new RecordingQueue<>(clock);
  public final ScriptedExecutor executor = new ScriptedExecutor();
  public final InMemoryDeferredJobStore jobs = new InMemoryDeferredJobStore();
  public final ScriptedTracker tracker = new ScriptedTracker();
  public final Engine engine;
  public final dev.ork.core.engine.Triggerer triggerer;
  /** Every message delivered so far, in delivery order (for replay checks). */
  public final List<Object> delivered = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  public EngineHarness() {
    this(new InMemoryRunStore());
  }

  public EngineHarness(RunStore runs) {
    this(runs, EngineSettings.defaults().withBackoff(Backoff.standard()));
  }

  public EngineHarness(RunStore runs, EngineSettings settings) {
    this(runs, settings, dev.ork.core.port.PayloadStore.none());
  }

  /** With outputs over the inline limit stored out of line in {@code payloads}. */
  public EngineHarness(RunStore runs, EngineSettings settings, dev.ork.core.port.PayloadStore payloads) {
    this.runs = runs;
    var ports = new EnginePorts(snapshots, runs, dispatch, status,
        new ExecutorRegistry(Map.of("process", executor, "python", executor)), clock,
        () -> "run-" + ids.incrementAndGet(), dev.ork.core.port.Deferrals.of(jobs, java.util.List.of(tracker)))
        .withPayloads(payloads);
    engine = new Engine(ports, settings);
    triggerer = new dev.ork.core.engine.Triggerer(ports, Duration.ofSeconds(10));
  }

  public Run start(CompiledWorkflow wf) {
    return start(wf, null);
  }

  public Run start(CompiledWorkflow wf, String idempotencyKey) {
    snapshots.register(wf, clock.now());
    return engine.startRun(new NewRun(wf.name(), null, "test", idempotencyKey, null));
  }

  /** Delivers due messages (oldest first, or randomly when {@code random} is set) until none is due. */
  public int deliverDue(Random random) {
    int n = 0;
    while (true) {
      var s = status.takeDue(random);
      if (s != null) {
        delivered.add(s);
        engine.onStatus(s);
        n++;
        continue;
      }
      var d = dispatch.takeDue(random);
      if (d == null) return n;
      delivered.add(d);
      engine.dispatch(d);
      n++;
    }
  }

  public int deliverDue() {
    return deliverDue(null);
  }

  /** Moves the clock to the next waiting message and delivers what is due then. */
  public boolean advanceToNext() {
    var next = earliest();
    if (next == null) return false;
    var now = clock.now();
    if (next.isAfter(now)) clock.advance(Duration.between(now, next));
    deliverDue();
    return true;
  }

  public void redeliver(Object message) {
    if (message instanceof StatusUpdate s) engine.onStatus(s);
    else engine.dispatch((DispatchMessage) message);
  }

  private java.time.Instant earliest() {
    var a = dispatch.nextDue();
    var b = status.nextDue();
    if (a == null) return b;
    if (b == null) return a;
    return a.isBefore(b) ? a : b;
  }

  /** Reports success of the task's current attempt (through the status queue) and delivers it. */
  public void succeed(String runId, String task, JsonNode output) {
    status.send(StatusUpdate.succeeded(runId, task, task(runId, task).attempt(), output, clock.now()));
    deliverDue();
  }

  public void fail(String runId, String task, String error) {
    status.send(StatusUpdate.failed(runId, task, task(runId, task).attempt(), error, clock.now()));
    deliverDue();
  }

  public TaskRun task(String runId, String task) {
    return runs.task(runId, task).orElseThrow();
  }

  public Run run(String runId) {
    return runs.run(runId).orElseThrow();
  }
}
