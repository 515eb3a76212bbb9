package dev.ork.infra.sqlite;

import static dev.ork.infra.store.InstantText.format;
import static dev.ork.infra.store.InstantText.parse;

import dev.ork.core.port.DeferredJobStore;
import dev.ork.core.run.DeferredJob;
import dev.ork.infra.store.JsonText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@link DeferredJobStore} on SQLite: table {@code deferred_jobs} keyed by (run, task, attempt, index),
 * with a partial index on {@code next_poll_at} holding only open jobs. {@code job_data} is JSON text.
 * Creation is {@code INSERT OR IGNORE}; an update is one {@code UPDATE … WHERE status IN (…)}.
 */
public final class SqliteDeferredJobStore implements DeferredJobStore {

  private static final String COLUMNS = "run_id, task_name, attempt, idx, service_type, job_id, job_data, status, error,"
      + " consecutive_errors, next_poll_at, last_polled_at, finished_at";

  private final SqliteDatabase db;

  public SqliteDeferredJobStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void createJobs(List<DeferredJob> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    db.write(d -> {
      var st = d.statement("INSERT OR IGNORE INTO deferred_jobs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
      for (var j : jobs) {
        st.setString(1, j.runId());
        st.setString(2, j.taskName());
        st.setInt(3, j.attempt());
        st.setInt(4, j.index());
        st.setString(5, j.serviceType());
        st.setString(6, j.jobId());
        st.setString(7, JsonText.write(j.jobData()));
        st.setString(8, j.status().name());
        st.setString(9, j.error());
        st.setInt(10, j.consecutiveErrors());
        st.setString(11, format(j.nextPollAt()));
        st.setString(12, format(j.lastPolledAt()));
        st.setString(13, format(j.finishedAt()));
        st.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<DeferredJob> jobsOf(String runId, String taskName, int attempt) {
    return db.read(d -> {
      var st = d.statement("SELECT " + COLUMNS + " FROM deferred_jobs WHERE run_id = ? AND task_name = ? AND attempt = ?"
          + " ORDER BY idx");
      st.setString(1, runId);
      st.setString(2, taskName);
      st.setInt(3, attempt);
      return list(st.executeQuery());
    });
  }

  @Override
  public List<DeferredJob> jobsDue(java.time.Instant now, int limit) {
    return db.read(d -> {
      var st = d.statement("SELECT " + COLUMNS + " FROM deferred_jobs WHERE " + StatusSql.in(DeferredJob.Status.open())
          + " AND next_poll_at <= ? ORDER BY next_poll_at, run_id, task_name, attempt, idx LIMIT ?");
      st.setString(1, format(now));
      st.setInt(2, limit);
      return list(st.executeQuery());
    });
  }

  @Override
  public boolean updateJob(DeferredJob u, Set<DeferredJob.Status> from) {
    if (from.isEmpty()) {
      return false;
    }
    var in = String.join(",", from.stream().map(s -> "'" + s.name() + "'").sorted().toList());
    return db.write(d -> {
      var st = d.statement("UPDATE deferred_jobs SET status = ?, error = ?, consecutive_errors = ?, next_poll_at = ?,"
          + " last_polled_at = ?, finished_at = ? WHERE run_id = ? AND task_name = ? AND attempt = ? AND idx = ?"
          + " AND status IN (" + in + ")");
      st.setString(1, u.status().name());
      st.setString(2, u.error());
      st.setInt(3, u.consecutiveErrors());
      st.setString(4, format(u.nextPollAt()));
      st.setString(5, format(u.lastPolledAt()));
      st.setString(6, format(u.finishedAt()));
      st.setString(7, u.runId());
      st.setString(8, u.taskName());
      st.setInt(9, u.attempt());
      st.setInt(10, u.index());
      return st.executeUpdate() == 1;
    });
  }

  private static List<DeferredJob> list(ResultSet rs) throws SQLException {
    var out = new ArrayList<DeferredJob>();
    try (rs) {
      while (rs.next()) {
        out.add(new DeferredJob(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
            rs.getString(6), JsonText.read(rs.getString(7)), DeferredJob.Status.valueOf(rs.getString(8)),
            rs.getString(9), rs.getInt(10), parse(rs.getString(11)), parse(rs.getString(12)), parse(rs.getString(13))));
      }
    }
    return out;
  }
}
