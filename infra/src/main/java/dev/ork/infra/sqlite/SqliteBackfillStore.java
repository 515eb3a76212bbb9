package dev.ork.infra.sqlite;

import static dev.ork.infra.store.InstantText.format;
import static dev.ork.infra.store.InstantText.parse;

import dev.ork.core.port.BackfillStore;
import dev.ork.core.run.Backfill;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link BackfillStore} on SQLite: one row per backfill; create is an INSERT OR IGNORE, cancel an UPDATE guarded on it not being cancelled. */
public final class SqliteBackfillStore implements BackfillStore {
  private static final String COLUMNS =
      "id, workflow_name, snapshot_hash, from_time, to_time, max_active, slots, triggered_by, created_at, cancelled_at";

  private final SqliteDatabase db;

  public SqliteBackfillStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Backfill create(Backfill b) {
    return db.write(d -> {
      var st = d.statement("INSERT OR IGNORE INTO backfills (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)");
      st.setString(1, b.id());
      st.setString(2, b.workflowName());
      st.setString(3, b.snapshotHash());
      st.setString(4, format(b.from()));
      st.setString(5, format(b.to()));
      st.setInt(6, b.maxActive());
      st.setInt(7, b.slots());
      st.setString(8, b.triggeredBy());
      st.setString(9, format(b.createdAt()));
      st.setString(10, format(b.cancelledAt()));
      st.executeUpdate();
      return find(d, "id = ?", b.id()).getFirst();
    });
  }

  @Override
  public Optional<Backfill> backfill(String id) {
    return db.read(d -> find(d, "id = ?", id)).stream().findFirst();
  }

  @Override
  public List<Backfill> backfills(String workflowName) {
    return db.read(d -> find(d, "workflow_name = ? ORDER BY created_at DESC, id DESC", workflowName));
  }

  @Override
  public boolean cancel(String id, Instant at) {
    return db.write(d -> {
      var st = d.statement("UPDATE backfills SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL");
      st.setString(1, format(at));
      st.setString(2, id);
      return st.executeUpdate() == 1;
    });
  }

  private static List<Backfill> find(SqliteDatabase d, String where, String value) throws SQLException {
    var st = d.statement("SELECT " + COLUMNS + " FROM backfills WHERE " + where);
    st.setString(1, value);
    var out = new ArrayList<Backfill>();
    try (var rs = st.executeQuery()) {
      while (rs.next()) out.add(read(rs));
    }
    return out;
  }

  private static Backfill read(ResultSet rs) throws SQLException {
    return new Backfill(rs.getString(1), rs.getString(2), rs.getString(3), parse(rs.getString(4)), parse(rs.getString(5)),
        rs.getInt(6), rs.getInt(7), rs.getString(8), parse(rs.getString(9)), parse(rs.getString(10)));
  }
}
