package dev.ork.infra.local;

import dev.ork.core.engine.Engine;
import dev.ork.core.engine.EnginePorts;
import dev.ork.core.engine.EngineSettings;
import dev.ork.core.engine.Triggerer;
import dev.ork.core.port.Clock;
import dev.ork.core.port.Deferrals;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.RunStore;
import dev.ork.core.port.SnapshotStore;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The laptop wiring of the engine: in-process queues, worker threads that feed the engine, and a
 * sweeper for deadlines. The same {@link Engine} the Lambda handlers drive on AWS.
 *
 * <p>Deadlines (task timeouts, launch grace) are found by a query every {@link #DEADLINE_CHECK_INTERVAL}
 * rather than by one delayed message per launched task ({@link EngineSettings#deadlineTimers()} is
 * turned off here): a timeout fires at most one interval late, and a 10,000-task run no longer keeps
 * 10,000 timers in the status queue. The full sweep (deadlines and stuck runs) still runs every second.
 */
public final class LocalRuntime implements AutoCloseable {
  private final InProcessQueue<DispatchMessage> dispatchQueue = new InProcessQueue<>();
  private final InProcessQueue<StatusUpdate> statusQueue = new InProcessQueue<>();
  private final Engine engine;
  private final ExecutorRegistry executors;
  private final List<Thread> workers = new ArrayList<>();
  private final Consumer<Throwable> onError;
  private final RunStore runs;
  private final Clock clock;
  private final java.util.Set<String> ownedRuns = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;
  private volatile boolean ownsEveryRun;
  /** One permit per status message handled, at most one kept: what {@link #awaitStatus} waits for. */
  private final java.util.concurrent.Semaphore statusesHandled = new java.util.concurrent.Semaphore(0);

  /**
   * @param executorsFor builds the executors, given the status queue they report to
   * @param onError told about unexpected engine errors (the worker goes on with the next message)
   */
  public LocalRuntime(SnapshotStore snapshots, RunStore runs,
      Function<MessageQueue<StatusUpdate>, ExecutorRegistry> executorsFor, Clock clock,
      EngineSettings settings, int dispatchers, Consumer<Throwable> onError) {
    this(snapshots, runs, executorsFor, Deferrals.none(), clock, settings, dispatchers, onError);
  }

  /** With deferred jobs, and pool slots in this process only. */
  public LocalRuntime(SnapshotStore snapshots, RunStore runs,
      Function<MessageQueue<StatusUpdate>, ExecutorRegistry> executorsFor, Deferrals deferrals, Clock clock,
      EngineSettings settings, int dispatchers, Consumer<Throwable> onError) {
    this(snapshots, runs, new dev.ork.core.port.InMemorySlotStore(), executorsFor, deferrals, clock, settings,
        dispatchers, onError);
  }

  /**
   * With deferred jobs (a triggerer polls them every {@link #TRIGGER_INTERVAL}) and pool slots in
   * {@code slots}, which other processes on the same database share.
   */
  public LocalRuntime(SnapshotStore snapshots, RunStore runs, dev.ork.core.port.SlotStore slots,
      Function<MessageQueue<StatusUpdate>, ExecutorRegistry> executorsFor, Deferrals deferrals, Clock clock,
      EngineSettings settings, int dispatchers, Consumer<Throwable> onError) {
    this(snapshots, runs, slots, dev.ork.core.port.PayloadStore.none(), new dev.ork.core.port.InMemoryBackfillStore(),
        executorsFor, deferrals, clock, settings, dispatchers, onError);
  }

  /**
   * As above, outputs over the inline limit stored out of line in {@code payloads} (files beside the
   * database), and backfills in {@code backfills}, which other processes on the same database share.
   */
  public LocalRuntime(SnapshotStore snapshots, RunStore runs, dev.ork.core.port.SlotStore slots,
      dev.ork.core.port.PayloadStore payloads, dev.ork.core.port.BackfillStore backfills,
      Function<MessageQueue<StatusUpdate>, ExecutorRegistry> executorsFor,
      Deferrals deferrals, Clock clock, EngineSettings settings, int dispatchers, Consumer<Throwable> onError) {
    this.onError = onError;
    this.runs = runs;
    this.clock = clock;
    this.executors = executorsFor.apply(statusQueue);
    var ports = new EnginePorts(snapshots, runs, dispatchQueue, statusQueue, executors, clock,
        () -> { // every run id made here is a run this runtime starts: owned before its first message
          var id = UUID.randomUUID().toString();
          ownedRuns.add(id);
          return id;
        }, deferrals, slots, payloads, backfills);
    // Deadlines are polled (below), not timers. A finished task's dependents are launched by the status
    // worker that released them, as on AWS: no dispatch hop and no QUEUED write between two tasks of a
    // chain (~0.6 ms a hop). Only this process's executors report here, so those runs are its own.
    this.engine = new Engine(ports, settings.withDeadlineTimers(false).withInlineDispatch(true));
    var triggerer = new Triggerer(ports, TRIGGER_INTERVAL);
    // a slot released here may wake another process's run: only its owner launches it (see recheckWaiting)
    for (int i = 0; i < dispatchers; i++) {
      workers.add(worker("ork-dispatch-" + i, dispatchQueue, m -> {
        if (ownedRuns.contains(m.runId())) engine.dispatch(m);
      }, BATCH));
    }
    workers.add(periodic("ork-waiting", WAITING_RECHECK_INTERVAL, () -> ownedRuns.forEach(engine.control()::recheckWaiting)));
    workers.add(worker("ork-status", statusQueue, u -> {
      engine.onStatus(u);
      statusesHandled.release(); // wakes a watcher in awaitStatus
    }, BATCH));
    workers.add(periodic("ork-sweep", Duration.ofSeconds(1), () -> engine.control().sweep(100, this::owns)));
    workers.add(periodic("ork-deadlines", DEADLINE_CHECK_INTERVAL, () -> checkDeadlines(runs, clock)));
    if (deferrals.supported()) workers.add(periodic("ork-triggerer", Duration.ofMillis(500), () -> triggerer.pollDue(100)));
  }

  /**
   * The most messages a worker takes from its queue at once: those already waiting are handled with their
   * writes in one SQLite transaction and their launches after it (Engine#handleTogether). A chain's status
   * worker finds one at a time; the dispatchers of a wide run find hundreds.
   */
  static final int BATCH = 16;

  /** How often this runtime's runs and tasks waiting for a limit try again (wake-ups may go to another process). */
  public static final Duration WAITING_RECHECK_INTERVAL = Duration.ofMillis(500);

  /** How often attempts past their deadline are looked for: the most a local timeout fires late. */
  public static final Duration DEADLINE_CHECK_INTERVAL = Duration.ofMillis(200);

  /** The deadline half of the sweep, more often: tells the engine about this runtime's overdue attempts. */
  private void checkDeadlines(RunStore runs, Clock clock) {
    var now = clock.now();
    for (var t : runs.tasksPastDeadline(now, 100)) {
      if (owns(t.runId())) statusQueue.send(StatusUpdate.deadline(t.runId(), t.taskName(), t.attempt(), now));
    }
  }

  /** How often a deferred job is polled locally. */
  public static final Duration TRIGGER_INTERVAL = Duration.ofSeconds(2);

  public Engine engine() {
    return engine;
  }

  /**
   * Starts a run that this runtime owns: its sweeper enforces that run's deadlines and repairs it.
   * Runs started by other processes on the same database are left to them, including the run an
   * idempotency key names when another process started it (until {@link #takeOver}).
   */
  public dev.ork.core.run.Run startRun(dev.ork.core.run.NewRun request) {
    var started = engine.start(request);
    if (started.created()) ownedRuns.add(started.run().runId());
    return started.run();
  }

  /**
   * Makes this runtime own a run whose owning process died (the caller made sure, and recorded the new
   * owner): the attempts the dead owner had launching or running fail with {@code reason} and are
   * retried per their task's retries, and what it left queued or waiting to retry is set going here.
   */
  public void takeOver(String runId, String reason) {
    ownedRuns.add(runId);
    var run = runs.run(runId).orElseThrow();
    var wf = engine.snapshotOf(run);
    for (var t : runs.tasks(runId)) {
      var ct = wf.requireTask(t.taskName());
      boolean lane = ct.foreach() != null && !ct.isInstance(); // a mapped task: its instances are the attempts
      if (!lane && (t.status() == TaskStatus.DISPATCHED || t.status() == TaskStatus.RUNNING)) {
        engine.onStatus(StatusUpdate.failed(runId, t.taskName(), t.attempt(), reason, clock.now()));
      }
    }
    engine.control().reconcile(runId);
  }

  /**
   * Makes this runtime own every run in its database (`ork serve`: runs also start through the API and
   * the schedule tick, and no other process runs them), not only the ones it started.
   */
  public LocalRuntime owningEveryRun() {
    ownsEveryRun = true;
    return this;
  }

  /** True when this runtime runs {@code runId}'s tasks, deadlines and repairs (it started it, or took it over). */
  public boolean owns(String runId) {
    return ownsEveryRun || ownedRuns.contains(runId);
  }

  /** Reruns a finished run in place on this runtime, which then owns it (see RunControl#rerun). */
  public dev.ork.core.run.Run rerun(String runId, String task, boolean downstream, String triggeredBy) {
    ownedRuns.add(runId);
    return engine.control().rerun(runId, task, downstream, triggeredBy);
  }

  public ExecutorRegistry executors() {
    return executors;
  }

  /**
   * Waits until a status message has been handled since the last call, or {@code max} has passed: a
   * watcher polling its run's row sees the run end at once instead of up to one poll interval late.
   */
  public void awaitStatus(Duration max) throws InterruptedException {
    if (statusesHandled.tryAcquire(max.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
      statusesHandled.drainPermits();
    }
  }

  /** True when no message waits and none is being handled: nothing moves until a task reports. */
  public int queuedMessages() {
    return dispatchQueue.size() + statusQueue.size();
  }

  /**
   * A batch whose handling fails even one write at a time: each message is handled again on its own (a
   * repeat changes nothing: handlers are idempotent), so a bad message costs only itself.
   */
  private <T> void handleTogether(List<T> messages, Consumer<T> handler) {
    try {
      engine.handleTogether(messages, handler);
    } catch (RuntimeException together) {
      for (var m : messages) {
        try {
          handler.accept(m);
        } catch (RuntimeException e) {
          onError.accept(e);
        }
      }
    }
  }

  /** Takes what is waiting in {@code queue}, up to {@code batch} messages, and handles them together. */
  private <T> Thread worker(String name, InProcessQueue<T> queue, Consumer<T> handler, int batch) {
    return Thread.ofPlatform().name(name).daemon().start(() -> {
      var messages = new ArrayList<T>(batch);
      while (running) {
        try {
          var first = queue.poll(Duration.ofMillis(200));
          if (first == null) continue;
          messages.add(first);
          queue.drainDue(messages, batch - 1);
          if (messages.size() == 1) {
            handler.accept(first);
          } else {
            handleTogether(messages, handler);
          }
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          onError.accept(e);
        } finally {
          messages.clear();
        }
      }
    });
  }

  private Thread periodic(String name, Duration every, Runnable work) {
    return Thread.ofPlatform().name(name).daemon().start(() -> {
      while (running) {
        try {
          Thread.sleep(every.toMillis());
          work.run();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          onError.accept(e);
        }
      }
    });
  }

  @Override
  public void close() {
    running = false;
    workers.forEach(Thread::interrupt);
    for (var w : workers) {
      try {
        w.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
