package dev.ork.infra.sqlite;

import dev.ork.core.run.DeferredJob;
import dev.ork.core.run.RunStatus;
import dev.ork.core.run.TaskStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The schema, as an ordered list of migrations. {@code schema_version} holds how many are applied;
 * opening a database applies the missing ones in one transaction. Append new migrations, never edit
 * old ones. Instants are fixed-width UTC text (see {@code InstantText}), JSON values are text.
 * Partial indexes take their status sets from core/run, as the queries using them do; a change to
 * one of those sets needs a new migration that recreates its index on existing databases.
 */
final class SqliteSchema {
  private SqliteSchema() {}

  static final List<String> MIGRATIONS = List.of(
      """
      CREATE TABLE workflows (
        name TEXT PRIMARY KEY,
        current_hash TEXT NOT NULL,
        schedule TEXT,
        schedule_enabled INTEGER NOT NULL DEFAULT 0,
        next_fire_at TEXT,
        updated_at TEXT NOT NULL);
      CREATE TABLE snapshots (
        workflow_name TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (workflow_name, content_hash));
      CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        workflow_name TEXT NOT NULL,
        snapshot_hash TEXT,
        status TEXT NOT NULL,
        triggered_by TEXT,
        idempotency_key TEXT,
        overrides TEXT,
        task_count INTEGER NOT NULL,
        tasks_terminal INTEGER NOT NULL DEFAULT 0,
        tasks_failed INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (workflow_name, idempotency_key));
      CREATE INDEX runs_by_time ON runs (created_at DESC, run_id DESC);
      CREATE INDEX runs_by_workflow ON runs (workflow_name, created_at DESC, run_id DESC);
      CREATE INDEX runs_by_status ON runs (status, created_at DESC, run_id DESC);
      CREATE INDEX runs_active_by_update ON runs (updated_at)
        WHERE\s""" + StatusSql.in(RunStatus.unfinished()) + """
      ;
      CREATE TABLE tasks (
        run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        task_name TEXT NOT NULL,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        max_attempts INTEGER NOT NULL,
        execution_id TEXT,
        output TEXT,
        error TEXT,
        queued_at TEXT,
        started_at TEXT,
        finished_at TEXT,
        deadline TEXT,
        retry_at TEXT,
        PRIMARY KEY (run_id, task_name)) WITHOUT ROWID;
      CREATE INDEX tasks_in_flight_by_deadline ON tasks (deadline)
        WHERE\s""" + StatusSql.in(TaskStatus.inFlight()) + """
       AND deadline IS NOT NULL;
      CREATE TABLE satisfied_deps (
        run_id TEXT NOT NULL,
        dependent TEXT NOT NULL,
        dependency TEXT NOT NULL,
        PRIMARY KEY (run_id, dependent, dependency)) WITHOUT ROWID;
      CREATE TABLE task_logs (
        run_id TEXT NOT NULL,
        task_name TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        content TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        truncated INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (run_id, task_name, attempt)) WITHOUT ROWID;
      """,
      // 2: deferred jobs (one row per element of a task attempt's output.deferred array)
      """
      CREATE TABLE deferred_jobs (
        run_id TEXT NOT NULL,
        task_name TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        service_type TEXT NOT NULL,
        job_id TEXT NOT NULL,
        job_data TEXT NOT NULL,
        status TEXT NOT NULL,
        error TEXT,
        consecutive_errors INTEGER NOT NULL DEFAULT 0,
        next_poll_at TEXT,
        last_polled_at TEXT,
        finished_at TEXT,
        PRIMARY KEY (run_id, task_name, attempt, idx)) WITHOUT ROWID;
      CREATE INDEX deferred_jobs_due ON deferred_jobs (next_poll_at, run_id, task_name, attempt, idx)
        WHERE\s""" + StatusSql.in(DeferredJob.Status.open()) + """
      ;
      """,
      // 3: foreach: a foreach task's instance count and ended instances; an instance's list element
      """
      ALTER TABLE tasks ADD COLUMN item TEXT;
      ALTER TABLE tasks ADD COLUMN instances INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE tasks ADD COLUMN instances_done INTEGER NOT NULL DEFAULT 0;
      """,
      // 4: pools: named pool sizes, held slots (a shard each, see SlotStore) and waiters, oldest first
      """
      CREATE TABLE pools (
        name TEXT PRIMARY KEY,
        slots INTEGER NOT NULL);
      CREATE TABLE pool_slots (
        pool TEXT NOT NULL,
        shard INTEGER NOT NULL,
        holder TEXT NOT NULL,
        PRIMARY KEY (pool, holder)) WITHOUT ROWID;
      CREATE INDEX pool_slots_by_shard ON pool_slots (pool, shard);
      CREATE TABLE pool_waiters (
        pool TEXT NOT NULL,
        shard INTEGER NOT NULL,
        since TEXT NOT NULL,
        holder TEXT NOT NULL,
        PRIMARY KEY (pool, shard, since, holder)) WITHOUT ROWID;
      CREATE INDEX pool_waiters_by_holder ON pool_waiters (pool, holder);
      """,
      // 5: data intervals of runs (docs/scheduling.md); null on runs stored before
      """
      ALTER TABLE runs ADD COLUMN interval_start TEXT;
      ALTER TABLE runs ADD COLUMN interval_end TEXT;
      """,
      // 6: backfills (docs/scheduling.md "Backfill"); a run names the backfill that started it
      """
      ALTER TABLE runs ADD COLUMN backfill_id TEXT;
      CREATE TABLE backfills (
        id TEXT PRIMARY KEY,
        workflow_name TEXT NOT NULL,
        snapshot_hash TEXT NOT NULL,
        from_time TEXT NOT NULL,
        to_time TEXT NOT NULL,
        max_active INTEGER NOT NULL,
        slots INTEGER NOT NULL,
        triggered_by TEXT,
        created_at TEXT NOT NULL,
        cancelled_at TEXT);
      CREATE INDEX backfills_by_workflow ON backfills (workflow_name, created_at);
      """);

  static void migrate(Connection c) throws SQLException {
    // BEGIN IMMEDIATE takes the write lock before reading the version: a deferred transaction that read
    // first would fail at once (SQLITE_BUSY, no busy wait) when another process migrated in between
    try (var st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      try {
        st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        int version;
        try (var rs = st.executeQuery("SELECT version FROM schema_version")) {
          version = rs.next() ? rs.getInt(1) : -1;
        }
        if (version < 0) {
          st.execute("INSERT INTO schema_version (version) VALUES (0)");
          version = 0;
        }
        if (version > MIGRATIONS.size()) {
          throw new SQLException("database schema version " + version + " is newer than this Ork ("
              + MIGRATIONS.size() + "); upgrade Ork");
        }
        for (int i = version; i < MIGRATIONS.size(); i++) {
          for (var sql : MIGRATIONS.get(i).split(";")) {
            if (!sql.isBlank()) {
              st.execute(sql);
            }
          }
        }
        st.execute("UPDATE schema_version SET version = " + MIGRATIONS.size());
        st.execute("COMMIT");
      } catch (SQLException e) {
        st.execute("ROLLBACK");
        throw e;
      }
    }
  }

}
