package dev.ork.infra.sqlite;

import static dev.ork.infra.store.InstantText.format;
import static dev.ork.infra.store.InstantText.parse;

import dev.ork.core.port.SnapshotStore;
import dev.ork.core.port.WorkflowRecord;
import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.WorkflowJson;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SnapshotStore} on SQLite: snapshots keyed by (workflow, hash), written once. */
public final class SqliteSnapshotStore implements SnapshotStore {

  private static final String COLUMNS = "name, current_hash, schedule, schedule_enabled, next_fire_at, updated_at";

  private final SqliteDatabase db;

  public SqliteSnapshotStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public WorkflowRecord register(CompiledWorkflow workflow, Instant at) {
    var json = WorkflowJson.write(workflow);
    return db.write(d -> {
      var snap = d.statement("INSERT OR IGNORE INTO snapshots (workflow_name, content_hash, json, created_at) VALUES (?,?,?,?)");
      snap.setString(1, workflow.name());
      snap.setString(2, workflow.contentHash());
      snap.setString(3, json);
      snap.setString(4, format(at));
      snap.executeUpdate();
      var wf = d.statement("INSERT INTO workflows (name, current_hash, schedule, schedule_enabled, next_fire_at, updated_at)"
          + " VALUES (?,?,?,0,NULL,?) ON CONFLICT (name) DO UPDATE SET current_hash = excluded.current_hash,"
          + " schedule = excluded.schedule, updated_at = excluded.updated_at");
      wf.setString(1, workflow.name());
      wf.setString(2, workflow.contentHash());
      wf.setString(3, workflow.schedule());
      wf.setString(4, format(at));
      wf.executeUpdate();
      return find(d, workflow.name()).orElseThrow();
    });
  }

  @Override
  public Optional<WorkflowRecord> workflow(String name) {
    return db.read(d -> find(d, name));
  }

  private static Optional<WorkflowRecord> find(SqliteDatabase d, String name) throws SQLException {
    var st = d.statement("SELECT " + COLUMNS + " FROM workflows WHERE name = ?");
    st.setString(1, name);
    try (var rs = st.executeQuery()) {
      return rs.next() ? Optional.of(read(rs)) : Optional.empty();
    }
  }

  @Override
  public List<WorkflowRecord> workflows() {
    return db.read(d -> {
      var out = new ArrayList<WorkflowRecord>();
      try (var rs = d.statement("SELECT " + COLUMNS + " FROM workflows ORDER BY name").executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    });
  }

  @Override
  public Optional<CompiledWorkflow> snapshot(String workflowName, String contentHash) {
    return db.read(d -> {
      var st = d.statement("SELECT json FROM snapshots WHERE workflow_name = ? AND content_hash = ?");
      st.setString(1, workflowName);
      st.setString(2, contentHash);
      try (var rs = st.executeQuery()) {
        return rs.next() ? Optional.of(WorkflowJson.read(rs.getString(1))) : Optional.empty();
      }
    });
  }

  @Override
  public boolean setSchedule(String workflowName, boolean enabled, Instant nextFireAt) {
    return db.write(d -> {
      var st = d.statement("UPDATE workflows SET schedule_enabled = ?, next_fire_at = ? WHERE name = ?");
      st.setBoolean(1, enabled);
      st.setString(2, format(nextFireAt));
      st.setString(3, workflowName);
      return st.executeUpdate() == 1;
    });
  }

  @Override
  public boolean setScheduleExpression(String workflowName, String expression, boolean enabled, Instant nextFireAt) {
    return db.write(d -> {
      var st = d.statement("UPDATE workflows SET schedule = ?, schedule_enabled = ?, next_fire_at = ? WHERE name = ?");
      st.setString(1, expression);
      st.setBoolean(2, enabled);
      st.setString(3, format(nextFireAt));
      st.setString(4, workflowName);
      return st.executeUpdate() == 1;
    });
  }

  @Override
  public boolean deleteWorkflow(String workflowName) {
    return db.write(d -> {
      var st = d.statement("DELETE FROM workflows WHERE name = ?");
      st.setString(1, workflowName);
      return st.executeUpdate() == 1;
    });
  }

  @Override
  public boolean advanceSchedule(String workflowName, Instant expectedNextFireAt, Instant nextFireAt) {
    return db.write(d -> {
      var st = d.statement("UPDATE workflows SET next_fire_at = ? WHERE name = ? AND schedule_enabled = 1"
          + " AND next_fire_at IS ?");
      st.setString(1, format(nextFireAt));
      st.setString(2, workflowName);
      st.setString(3, format(expectedNextFireAt));
      return st.executeUpdate() == 1;
    });
  }

  private static WorkflowRecord read(java.sql.ResultSet rs) throws SQLException {
    return new WorkflowRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
        parse(rs.getString(5)), parse(rs.getString(6)));
  }
}
