package dev.ork.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.compiler.WorkflowCompiler;
import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.Clock;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.RunStore;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.NewRun;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskStatus;
import dev.ork.infra.sqlite.SqliteDatabase;
import dev.ork.infra.sqlite.SqliteRunStore;
import dev.ork.infra.sqlite.SqliteSnapshotStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A status message's writes on SQLite are one transaction (the finish and the claims of the dependents
 * it releases), its launches start after the commit, and a transaction that fails is applied again one
 * write at a time. The tasks are started by a stand-in executor that reports success at once.
 */
class StatusTransactionTest {
  @TempDir Path dir;
  private SqliteDatabase db;
  private SqliteDatabase other; // another connection to the same file: it sees committed writes only
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private LocalRuntime runtime;

  @AfterEach
  void close() {
    if (runtime != null) runtime.close();
    if (other != null) other.close();
    if (db != null) db.close();
    assertThat(errors).as("engine errors seen by the workers").isEmpty();
  }

  /** Reports each launch as succeeded at once, after {@code onLaunch} looked at it. */
  private static TaskExecutor reportingAtOnce(MessageQueue<StatusUpdate> statuses, java.util.function.Consumer<TaskLaunch> onLaunch) {
    return new TaskExecutor() {
      @Override
      public String launch(TaskLaunch launch) {
        onLaunch.accept(launch);
        statuses.send(StatusUpdate.succeeded(launch.runId(), launch.task().name(), launch.attempt(), null, Instant.now()));
        return "x-" + launch.task().name();
      }

      @Override
      public void stop(String runId, String task, int attempt, String executionId, String reason) {}
    };
  }

  private Run run(RunStore runs, String yaml, java.util.function.Function<MessageQueue<StatusUpdate>, TaskExecutor> executor)
      throws Exception {
    var snapshots = new SqliteSnapshotStore(db);
    var wf = new WorkflowCompiler().compileSource(yaml, "flow.yaml", null).workflow();
    snapshots.register(wf, Instant.now());
    runtime = new LocalRuntime(snapshots, runs, statuses -> new ExecutorRegistry(Map.of("process", executor.apply(statuses))),
        Clock.system(), EngineSettings.defaults(), 2, errors::add);
    var id = runtime.startRun(new NewRun(wf.name(), null, "test", null, null)).runId();
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < until) {
      var r = runs.run(id).orElseThrow();
      if (r.status().isTerminal()) return r;
      Thread.sleep(5);
    }
    return runs.run(id).orElseThrow();
  }

  @Test
  void aReleasedDependent_isLaunchedOnlyOnceItsClaimAndTheFinishBeforeIt_areCommitted() throws Exception {
    var file = dir.resolve("ork.db").toString();
    db = SqliteDatabase.open(file);
    other = SqliteDatabase.open(file);
    var seen = new ConcurrentHashMap<String, String>();
    var committed = new SqliteRunStore(other);
    var run = run(new SqliteRunStore(db), """
        name: chain
        tasks:
          a: {executor: process, command: 'true'}
          b: {executor: process, command: 'true', depends_on: [a]}
          c: {executor: process, command: 'true', depends_on: [b]}
        """, statuses -> reportingAtOnce(statuses, launch -> {
          if (launch.task().name().equals("a")) return;
          String upstream = launch.task().name().equals("b") ? "a" : "b";
          seen.put(launch.task().name(), committed.task(launch.runId(), upstream).orElseThrow().status() + " / "
              + committed.task(launch.runId(), launch.task().name()).orElseThrow().status());
        }));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(seen).as("upstream / launched task, as another connection saw them at the launch")
        .containsEntry("b", "SUCCEEDED / DISPATCHED")
        .containsEntry("c", "SUCCEEDED / DISPATCHED");
  }

  /**
   * 40 roots: the dispatchers take them in batches (LocalRuntime.BATCH), claim a batch in one transaction and
   * launch after its commit; the launches' `running` writes (with the execution id) are made together after.
   */
  @Test
  void dispatcherBatches_launchEachTaskOnlyOnceItsClaimIsCommitted_andRecordEveryLaunch() throws Exception {
    var file = dir.resolve("ork.db").toString();
    db = SqliteDatabase.open(file);
    other = SqliteDatabase.open(file);
    var committed = new SqliteRunStore(other);
    var seen = new ConcurrentHashMap<String, String>();
    var yaml = new StringBuilder("name: wide\ntasks:\n");
    for (int i = 0; i < 40; i++) yaml.append("  t").append(i).append(": {executor: process, command: 'true'}\n");
    var reporter = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      var run = run(new SqliteRunStore(db), yaml.toString(), statuses -> new TaskExecutor() {
        @Override
        public String launch(TaskLaunch launch) {
          seen.put(launch.task().name(), committed.task(launch.runId(), launch.task().name()).orElseThrow().status().name());
          // reported once its launch is surely recorded: the `running` write is what this test checks
          reporter.schedule(() -> statuses.send(StatusUpdate.succeeded(launch.runId(), launch.task().name(),
              launch.attempt(), null, Instant.now())), 300, java.util.concurrent.TimeUnit.MILLISECONDS);
          return "x-" + launch.task().name();
        }

        @Override
        public void stop(String runId, String task, int attempt, String executionId, String reason) {}
      });
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(seen).hasSize(40).allSatisfy((task, status) ->
          assertThat(status).as("%s as another connection saw it at its launch", task).isEqualTo("DISPATCHED"));
      assertThat(new SqliteRunStore(db).tasks(run.runId()))
          .allSatisfy(t -> assertThat(t.executionId()).as(t.taskName()).isEqualTo("x-" + t.taskName()));
    } finally {
      reporter.shutdownNow();
    }
  }

  @Test
  void aWriteFailingInsideTheTransaction_rollsItAllBack_andTheStatusIsAppliedAgainWriteByWrite() throws Exception {
    db = SqliteDatabase.inMemory();
    var sqlite = new SqliteRunStore(db);
    var failOnce = new AtomicBoolean(true);
    var finishes = new CopyOnWriteArrayList<String>(); // task: applied or not, per finishTask call
    var runs = (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(), new Class<?>[] {RunStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("markDependencySatisfied") && failOnce.compareAndSet(true, false)) {
            throw new IllegalStateException("injected: the store failed inside the transaction");
          }
          Object result;
          try {
            result = method.invoke(sqlite, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("finishTask")) finishes.add(args[1] + ":" + ((Optional<?>) result).isPresent());
          return result;
        });
    var run = run(runs, """
        name: join
        tasks:
          a: {executor: process, command: 'true'}
          b: {executor: process, command: 'true'}
          c: {executor: process, command: 'true', depends_on: [a, b]}
        """, statuses -> reportingAtOnce(statuses, launch -> {}));
    assertThat(failOnce).as("the failure was injected").isFalse();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.tasksTerminal()).as("each finish counted once").isEqualTo(3);
    assertThat(sqlite.tasks(run.runId())).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
    // the first root to finish: its finish applied, rolled back with the failed tally, and applied again
    var first = finishes.getFirst().split(":")[0];
    assertThat(finishes.stream().filter(f -> f.startsWith(first + ":")).toList())
        .containsExactly(first + ":true", first + ":true");
  }
}
