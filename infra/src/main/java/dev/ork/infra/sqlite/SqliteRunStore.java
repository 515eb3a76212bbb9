package dev.ork.infra.sqlite;

import static dev.ork.infra.store.InstantText.format;
import static dev.ork.infra.store.InstantText.parse;

import dev.ork.core.port.RunStore;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.run.TaskRun;
import dev.ork.core.run.TaskStatus;
import dev.ork.infra.store.JsonText;
import dev.ork.infra.store.RunCursor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link RunStore} on SQLite. Conditional writes are {@code UPDATE ... WHERE status IN (...) AND
 * attempt = ?} checked by their row count; finishTask updates the task and the run's counters in one
 * transaction. A run's {@code updated_at} is its creation time, then the time of its last
 * transitionRun or counted finishTask (when the patch has a finishedAt).
 */
public final class SqliteRunStore implements RunStore {

  private static final String RUN_COLUMNS = "run_id, workflow_name, snapshot_hash, status, triggered_by, "
      + "idempotency_key, overrides, task_count, tasks_terminal, tasks_failed, error, created_at, started_at, finished_at, "
      + "interval_start, interval_end, backfill_id";
  private static final String TASK_COLUMNS = "run_id, task_name, status, attempt, max_attempts, execution_id, "
      + "output, error, queued_at, started_at, finished_at, deadline, retry_at, item, instances, instances_done";

  private final SqliteDatabase db;
  private final RecentRuns recent = new RecentRuns(java.time.Duration.ofSeconds(1));

  public SqliteRunStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Run createRun(Run run, List<TaskRun> tasks) {
    return db.write(d -> {
      if (run.idempotencyKey() != null) {
        var earlier = findByKey(d, run.workflowName(), run.idempotencyKey());
        if (earlier.isPresent()) return earlier.get();
      }
      var st = d.statement("INSERT INTO runs (" + RUN_COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
      st.setString(1, run.runId());
      st.setString(2, run.workflowName());
      st.setString(3, run.snapshotHash());
      st.setString(4, run.status().name());
      st.setString(5, run.triggeredBy());
      st.setString(6, run.idempotencyKey());
      st.setString(7, JsonText.write(run.overrides()));
      st.setInt(8, run.taskCount());
      st.setInt(9, run.tasksTerminal());
      st.setInt(10, run.tasksFailed());
      st.setString(11, run.error());
      st.setString(12, format(run.createdAt()));
      st.setString(13, format(run.startedAt()));
      st.setString(14, format(run.finishedAt()));
      st.setString(15, format(run.intervalStart()));
      st.setString(16, format(run.intervalEnd()));
      st.setString(17, run.backfillId());
      st.setString(18, format(run.createdAt()));
      st.executeUpdate();
      if (!tasks.isEmpty()) {
        insertTasks(d, "INSERT", run.runId(), tasks);
      }
      return run;
    });
  }

  private static int insertTasks(SqliteDatabase d, String verb, String runId, List<TaskRun> tasks) throws SQLException {
    var ts = d.statement(verb + " INTO tasks (" + TASK_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (var t : tasks) {
      bindTask(ts, runId, t);
      ts.addBatch();
    }
    int added = 0;
    for (int n : ts.executeBatch()) added += Math.max(0, n);
    return added;
  }

  @Override
  public boolean expandTask(String runId, String taskName, Set<TaskStatus> from, TaskPatch patch, List<TaskRun> instances) {
    if (from.isEmpty()) return false;
    return db.write(d -> {
      if (!applyPatch(d, runId, taskName, from, 0, patch)) return false;
      var st = d.statement("UPDATE tasks SET instances = ? WHERE run_id = ? AND task_name = ?");
      st.setInt(1, instances.size());
      st.setString(2, runId);
      st.setString(3, taskName);
      st.executeUpdate();
      addTasks(d, runId, instances);
      return true;
    });
  }

  @Override
  public int createMissingTasks(String runId, List<TaskRun> tasks) {
    return db.write(d -> addTasks(d, runId, tasks));
  }

  private static int addTasks(SqliteDatabase d, String runId, List<TaskRun> tasks) throws SQLException {
    int added = insertTasks(d, "INSERT OR IGNORE", runId, tasks);
    var st = d.statement("UPDATE runs SET task_count = task_count + ? WHERE run_id = ?");
    st.setInt(1, added);
    st.setString(2, runId);
    st.executeUpdate();
    return added;
  }

  @Override
  public TaskRun countInstanceDone(String runId, String taskName) {
    return db.write(d -> {
      var st = d.statement("UPDATE tasks SET instances_done = instances_done + 1 WHERE run_id = ? AND task_name = ?");
      st.setString(1, runId);
      st.setString(2, taskName);
      st.executeUpdate();
      var read = d.statement("SELECT " + TASK_COLUMNS + " FROM tasks WHERE run_id = ? AND task_name = ?");
      read.setString(1, runId);
      read.setString(2, taskName);
      return readTasks(read).getFirst();
    });
  }

  /** Instance names are the names from {@code t[} up to (not including) {@code t} plus the character after {@code [}; sorted by element here. */
  @Override
  public List<TaskRun> instances(String runId, String taskName) {
    var rows = db.read(d -> {
      var st = d.statement("SELECT " + TASK_COLUMNS + " FROM tasks WHERE run_id = ? AND task_name >= ? AND task_name < ?");
      st.setString(1, runId);
      st.setString(2, taskName + "[");
      st.setString(3, taskName + "\\");
      return readTasks(st);
    });
    return rows.stream().sorted((a, b) -> Integer.compare(dev.ork.core.workflow.Instances.indexOf(a.taskName()),
            dev.ork.core.workflow.Instances.indexOf(b.taskName())))
        .toList();
  }

  private static void bindTask(PreparedStatement ts, String runId, TaskRun t) throws SQLException {
    ts.setString(1, runId);
    ts.setString(2, t.taskName());
    ts.setString(3, t.status().name());
    ts.setInt(4, t.attempt());
    ts.setInt(5, t.maxAttempts());
    ts.setString(6, t.executionId());
    ts.setString(7, JsonText.write(t.output()));
    ts.setString(8, t.error());
    ts.setString(9, format(t.queuedAt()));
    ts.setString(10, format(t.startedAt()));
    ts.setString(11, format(t.finishedAt()));
    ts.setString(12, format(t.deadline()));
    ts.setString(13, format(t.retryAt()));
    ts.setString(14, JsonText.write(t.item()));
    ts.setInt(15, t.instances());
    ts.setInt(16, t.instancesDone());
  }

  /** Reads the run; the copy {@link #runMaybeStale} answers with becomes this one (RecentRuns). */
  @Override
  public Optional<Run> run(String runId) {
    long token = recent.beforeRead();
    long at = System.nanoTime();
    var read = db.read(d -> findRun(d, runId));
    read.ifPresent(r -> recent.remember(r, token, at));
    return read;
  }

  /**
   * The newest copy this store read within the last second, unless this store changed the run's status
   * since (RecentRuns): never older than what this process last saw of the run.
   */
  @Override
  public Optional<Run> runMaybeStale(String runId) {
    var fresh = recent.fresh(runId);
    return fresh.isPresent() ? fresh : run(runId);
  }

  @Override
  public Optional<Run> runByKey(String workflowName, String key) {
    return db.read(d -> findByKey(d, workflowName, key));
  }

  private static Optional<Run> findByKey(SqliteDatabase d, String workflowName, String key) throws SQLException {
    var st = d.statement("SELECT " + RUN_COLUMNS + " FROM runs WHERE workflow_name = ? AND idempotency_key = ?");
    st.setString(1, workflowName);
    st.setString(2, key);
    try (var rs = st.executeQuery()) {
      return rs.next() ? Optional.of(readRun(rs)) : Optional.empty();
    }
  }

  private static Optional<Run> findRun(SqliteDatabase d, String runId) throws SQLException {
    var st = d.statement("SELECT " + RUN_COLUMNS + " FROM runs WHERE run_id = ?");
    st.setString(1, runId);
    try (var rs = st.executeQuery()) {
      return rs.next() ? Optional.of(readRun(rs)) : Optional.empty();
    }
  }

  @Override
  public List<TaskRun> tasks(String runId) {
    return db.read(d -> {
      var st = d.statement("SELECT " + TASK_COLUMNS + " FROM tasks WHERE run_id = ? ORDER BY task_name");
      st.setString(1, runId);
      return readTasks(st);
    });
  }

  @Override
  public Optional<TaskRun> task(String runId, String taskName) {
    return db.read(d -> {
      var st = d.statement("SELECT " + TASK_COLUMNS + " FROM tasks WHERE run_id = ? AND task_name = ?");
      st.setString(1, runId);
      st.setString(2, taskName);
      return readTasks(st).stream().findFirst();
    });
  }

  @Override
  public boolean transitionRun(String runId, Set<RunStatus> from, RunStatus to, Instant at, String error) {
    if (from.isEmpty()) {
      return false;
    }
    var sql = "UPDATE runs SET status = ?, updated_at = ?, error = COALESCE(?, error),"
        + " started_at = CASE WHEN ? THEN COALESCE(started_at, ?) ELSE started_at END,"
        + " finished_at = CASE WHEN ? THEN ? ELSE finished_at END"
        + " WHERE run_id = ? AND status IN (" + placeholders(from.size()) + ")";
    return db.writeOne(d -> {
      var st = d.statement(sql);
      int i = 1;
      st.setString(i++, to.name());
      st.setString(i++, format(at));
      st.setString(i++, error);
      st.setBoolean(i++, to == RunStatus.RUNNING);
      st.setString(i++, format(at));
      st.setBoolean(i++, to.isTerminal());
      st.setString(i++, format(at));
      st.setString(i++, runId);
      bindStatuses(st, i, from);
      return st.executeUpdate() == 1;
    }) && changed(runId);
  }

  /** Drops the run's remembered copy after a write that changed it; true. */
  private boolean changed(String runId) {
    recent.forget(runId);
    return true;
  }

  @Override
  public boolean hasTransactions() {
    return true;
  }

  @Override
  public void inOneTransaction(Runnable work) {
    db.write(d -> {
      work.run();
      return null;
    });
  }

  @Override
  public boolean transitionTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    if (from.isEmpty()) {
      return false;
    }
    return db.writeOne(d -> applyPatch(d, runId, taskName, from, attempt, patch));
  }

  private static boolean applyPatch(SqliteDatabase d, String runId, String taskName, Set<TaskStatus> from,
      int attempt, TaskPatch p) throws SQLException {
    var sql = "UPDATE tasks SET status = COALESCE(?, status), attempt = COALESCE(?, attempt),"
        + " execution_id = COALESCE(?, execution_id), output = COALESCE(?, output), error = COALESCE(?, error),"
        + " queued_at = COALESCE(?, queued_at), started_at = COALESCE(?, started_at),"
        + " finished_at = COALESCE(?, finished_at),"
        + " deadline = CASE WHEN ? IS NOT NULL THEN ? WHEN ? THEN NULL ELSE deadline END,"
        + " retry_at = COALESCE(?, retry_at)"
        + " WHERE run_id = ? AND task_name = ? AND attempt = ? AND status IN (" + placeholders(from.size()) + ")";
    var st = d.statement(sql);
    int i = 1;
    st.setString(i++, p.status() == null ? null : p.status().name());
    st.setObject(i++, p.attempt());
    st.setString(i++, p.executionId());
    st.setString(i++, JsonText.write(p.output()));
    st.setString(i++, p.error());
    st.setString(i++, format(p.queuedAt()));
    st.setString(i++, format(p.startedAt()));
    st.setString(i++, format(p.finishedAt()));
    st.setString(i++, format(p.deadline()));
    st.setString(i++, format(p.deadline()));
    st.setBoolean(i++, p.clearDeadline());
    st.setString(i++, format(p.retryAt()));
    st.setString(i++, runId);
    st.setString(i++, taskName);
    st.setInt(i++, attempt);
    bindStatuses(st, i, from);
    return st.executeUpdate() == 1;
  }

  @Override
  public Optional<Run> finishTask(String runId, String taskName, Set<TaskStatus> from, int attempt, TaskPatch patch) {
    if (from.isEmpty()) {
      return Optional.empty();
    }
    patch.requireTerminal();
    return db.write(d -> {
      if (!applyPatch(d, runId, taskName, from, attempt, patch)) {
        return Optional.<Run>empty();
      }
      var st = d.statement("UPDATE runs SET tasks_terminal = tasks_terminal + 1,"
          + " tasks_failed = tasks_failed + ?, updated_at = COALESCE(?, updated_at) WHERE run_id = ?");
      st.setInt(1, patch.status() == TaskStatus.SUCCEEDED ? 0 : 1);
      st.setString(2, format(patch.finishedAt()));
      st.setString(3, runId);
      st.executeUpdate();
      return findRun(d, runId);
    });
  }

  @Override
  public boolean redriveTask(String runId, String taskName, Set<TaskStatus> from, int attempt, int maxAttempts) {
    if (from.isEmpty()) {
      return false;
    }
    var sql = "UPDATE tasks SET status = 'PENDING', max_attempts = ?, execution_id = NULL, output = NULL, error = NULL,"
        + " queued_at = NULL, started_at = NULL, finished_at = NULL, deadline = NULL, retry_at = NULL"
        + " WHERE run_id = ? AND task_name = ? AND attempt = ? AND status IN (" + placeholders(from.size()) + ")";
    return db.writeOne(d -> {
      var st = d.statement(sql);
      int i = 1;
      st.setInt(i++, maxAttempts);
      st.setString(i++, runId);
      st.setString(i++, taskName);
      st.setInt(i++, attempt);
      bindStatuses(st, i, from);
      return st.executeUpdate() == 1;
    });
  }

  @Override
  public boolean redriveRun(String runId, Set<RunStatus> from, int tasksTerminal, int tasksFailed, String triggeredBy, Instant at) {
    if (from.isEmpty()) {
      return false;
    }
    var sql = "UPDATE runs SET status = 'RUNNING', tasks_terminal = ?, tasks_failed = ?, error = NULL, finished_at = NULL,"
        + " triggered_by = COALESCE(?, triggered_by), updated_at = ?"
        + " WHERE run_id = ? AND status IN (" + placeholders(from.size()) + ")";
    return db.writeOne(d -> {
      var st = d.statement(sql);
      int i = 1;
      st.setInt(i++, tasksTerminal);
      st.setInt(i++, tasksFailed);
      st.setString(i++, triggeredBy);
      st.setString(i++, format(at));
      st.setString(i++, runId);
      bindStatuses(st, i, from);
      return st.executeUpdate() == 1;
    }) && changed(runId);
  }

  /**
   * Hands an unfinished run from owner {@code from} to owner {@code to} (a local `ork run` taking over
   * a run whose owner died): conditional on the current owner, so of several takers exactly one wins.
   */
  public boolean reassignRun(String runId, String from, String to, Instant at) {
    var unfinished = RunStatus.unfinished();
    var sql = "UPDATE runs SET triggered_by = ?, updated_at = ? WHERE run_id = ? AND triggered_by = ?"
        + " AND status IN (" + placeholders(unfinished.size()) + ")";
    return db.writeOne(d -> {
      var st = d.statement(sql);
      st.setString(1, to);
      st.setString(2, format(at));
      st.setString(3, runId);
      st.setString(4, from);
      bindStatuses(st, 5, unfinished);
      return st.executeUpdate() == 1;
    }) && changed(runId);
  }

  @Override
  public int markDependencySatisfied(String runId, String dependent, String dependency) {
    return db.write(d -> {
      var ins = d.statement("INSERT OR IGNORE INTO satisfied_deps (run_id, dependent, dependency) VALUES (?,?,?)");
      ins.setString(1, runId);
      ins.setString(2, dependent);
      ins.setString(3, dependency);
      ins.executeUpdate();
      var count = d.statement("SELECT COUNT(*) FROM satisfied_deps WHERE run_id = ? AND dependent = ?");
      count.setString(1, runId);
      count.setString(2, dependent);
      try (var rs = count.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  @Override
  public RunPage listRuns(RunQuery q) {
    var where = new ArrayList<String>();
    var args = new ArrayList<String>();
    if (q.workflowName() != null) {
      where.add("workflow_name = ?");
      args.add(q.workflowName());
    }
    if (q.status() != null) {
      where.add("status = ?");
      args.add(q.status().name());
    }
    if (q.cursor() != null) {
      var cut = RunCursor.decode(q.cursor());
      where.add("(created_at < ? OR (created_at = ? AND run_id < ?))");
      args.add(cut[0]);
      args.add(cut[0]);
      args.add(cut[1]);
    }
    int limit = Math.max(1, q.limit());
    var sql = "SELECT " + RUN_COLUMNS + " FROM runs" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY created_at DESC, run_id DESC LIMIT " + (limit + 1);
    return db.read(d -> {
      var st = d.statement(sql);
      for (int i = 0; i < args.size(); i++) {
        st.setString(i + 1, args.get(i));
      }
      var runs = new ArrayList<Run>();
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          runs.add(readRun(rs));
        }
      }
      if (runs.size() <= limit) {
        return new RunPage(runs, null);
      }
      var page = runs.subList(0, limit);
      var last = page.getLast();
      return new RunPage(List.copyOf(page), RunCursor.encode(format(last.createdAt()), last.runId()));
    });
  }

  @Override
  public List<TaskRun> tasksPastDeadline(Instant now, int limit) {
    return db.read(d -> {
      var st = d.statement("SELECT " + TASK_COLUMNS + " FROM tasks WHERE " + StatusSql.in(TaskStatus.inFlight())
          + " AND deadline IS NOT NULL AND deadline <= ? ORDER BY deadline LIMIT ?");
      st.setString(1, format(now));
      st.setInt(2, limit);
      return readTasks(st);
    });
  }

  @Override
  public List<Run> runsStaleSince(Instant before, int limit) {
    return db.read(d -> {
      var st = d.statement("SELECT " + RUN_COLUMNS + " FROM runs WHERE " + StatusSql.in(RunStatus.unfinished())
          + " AND updated_at < ? ORDER BY updated_at LIMIT ?");
      st.setString(1, format(before));
      st.setInt(2, limit);
      var runs = new ArrayList<Run>();
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          runs.add(readRun(rs));
        }
      }
      return runs;
    });
  }

  private static List<TaskRun> readTasks(PreparedStatement st) throws SQLException {
    var out = new ArrayList<TaskRun>();
    try (var rs = st.executeQuery()) {
      while (rs.next()) {
        out.add(new TaskRun(rs.getString(1), rs.getString(2), TaskStatus.valueOf(rs.getString(3)), rs.getInt(4),
            rs.getInt(5), rs.getString(6), JsonText.read(rs.getString(7)), rs.getString(8), parse(rs.getString(9)),
            parse(rs.getString(10)), parse(rs.getString(11)), parse(rs.getString(12)), parse(rs.getString(13)),
            JsonText.read(rs.getString(14)), rs.getInt(15), rs.getInt(16)));
      }
    }
    return out;
  }

  private static Run readRun(ResultSet rs) throws SQLException {
    return new Run(rs.getString(1), rs.getString(2), rs.getString(3), RunStatus.valueOf(rs.getString(4)),
        rs.getString(5), rs.getString(6), JsonText.read(rs.getString(7)), rs.getInt(8), rs.getInt(9), rs.getInt(10),
        rs.getString(11), parse(rs.getString(12)), parse(rs.getString(13)), parse(rs.getString(14)),
        parse(rs.getString(15)), parse(rs.getString(16)), rs.getString(17));
  }

  private static String placeholders(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  /** Binds the guard's statuses (in name order) to the `status IN (...)` placeholders from index {@code i}. */
  private static void bindStatuses(java.sql.PreparedStatement st, int i, Set<? extends Enum<?>> statuses) throws SQLException {
    for (var s : statuses.stream().map(Enum::name).sorted().toList()) st.setString(i++, s);
  }
}
