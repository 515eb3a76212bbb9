package dev.ork.infra.sqlite;

import dev.ork.core.port.LogStore;
import dev.ork.infra.store.LogCap;

/**
 * {@link LogStore} on SQLite: one row per (run, task, attempt) holding the attempt's text, streams
 * interleaved in arrival order. Each attempt keeps its first {@code capBytes} UTF-8 bytes (default
 * 1 MiB) followed by one truncation marker; later chunks are dropped (see {@link LogCap}).
 */
public final class SqliteLogStore implements LogStore {

  private final SqliteDatabase db;
  private final int capBytes;

  public SqliteLogStore(SqliteDatabase db) {
    this(db, LogCap.DEFAULT_CAP_BYTES);
  }

  public SqliteLogStore(SqliteDatabase db, int capBytes) {
    this.db = db;
    this.capBytes = capBytes;
  }

  @Override
  public void append(String runId, String taskName, int attempt, String stream, String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    db.write(d -> {
      var st = d.statement("SELECT bytes, truncated FROM task_logs WHERE run_id = ? AND task_name = ? AND attempt = ?");
      st.setString(1, runId);
      st.setString(2, taskName);
      st.setInt(3, attempt);
      int stored = 0;
      boolean exists = false;
      try (var rs = st.executeQuery()) {
        if (rs.next()) {
          exists = true;
          stored = rs.getInt(1);
          if (rs.getBoolean(2)) {
            return null;
          }
        }
      }
      int bytes = LogCap.utf8Length(text);
      String chunk = text;
      boolean truncated = false;
      if (stored + bytes > capBytes) {
        chunk = LogCap.headBytes(text, capBytes - stored) + LogCap.marker(capBytes);
        bytes = LogCap.utf8Length(chunk);
        truncated = true;
      }
      var up = d.statement(exists
          ? "UPDATE task_logs SET content = content || ?, bytes = bytes + ?, truncated = ? WHERE run_id = ? AND task_name = ? AND attempt = ?"
          : "INSERT INTO task_logs (content, bytes, truncated, run_id, task_name, attempt) VALUES (?,?,?,?,?,?)");
      up.setString(1, chunk);
      up.setInt(2, bytes);
      up.setBoolean(3, truncated);
      up.setString(4, runId);
      up.setString(5, taskName);
      up.setInt(6, attempt);
      up.executeUpdate();
      return null;
    });
  }

  @Override
  public String read(String runId, String taskName, int attempt) {
    return db.read(d -> {
      var st = d.statement(attempt == 0
          ? "SELECT content FROM task_logs WHERE run_id = ? AND task_name = ? ORDER BY attempt"
          : "SELECT content FROM task_logs WHERE run_id = ? AND task_name = ? AND attempt = ?");
      st.setString(1, runId);
      st.setString(2, taskName);
      if (attempt != 0) {
        st.setInt(3, attempt);
      }
      var out = new StringBuilder();
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          out.append(rs.getString(1));
        }
      }
      return out.toString();
    });
  }
}
