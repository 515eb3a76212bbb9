package dev.ork.infra.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite database (a file, or {@code :memory:}) behind one connection guarded by a lock: callers
 * from many threads are serialised, which makes every store operation atomic and keeps SQLite's
 * single-writer rule trivially satisfied. WAL, {@code synchronous=NORMAL}, a busy timeout (for other
 * processes on the same file) and foreign keys are set on open; the schema is migrated on open.
 * Prepared statements are cached per SQL text and reused.
 */
public final class SqliteDatabase implements AutoCloseable {

  @FunctionalInterface
  public interface Work<T> {
    T run(SqliteDatabase db) throws SQLException;
  }

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  private SqliteDatabase(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating if needed) the database at {@code path}, or an in-memory one for {@code :memory:}. */
  public static SqliteDatabase open(String path) {
    try {
      if (!path.equals(":memory:")) {
        var parent = Path.of(path).toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
      }
      var connection = DriverManager.getConnection("jdbc:sqlite:" + path);
      try (var st = connection.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("PRAGMA busy_timeout=5000");
        st.execute("PRAGMA foreign_keys=ON");
      }
      var db = new SqliteDatabase(connection);
      SqliteSchema.migrate(connection);
      return db;
    } catch (SQLException | java.io.IOException e) {
      throw new SqliteException("cannot open SQLite database " + path, e);
    }
  }

  public static SqliteDatabase inMemory() {
    return open(":memory:");
  }

  /** A cached prepared statement; only valid inside {@link #read} or {@link #write}. */
  public PreparedStatement statement(String sql) throws SQLException {
    var st = statements.get(sql);
    if (st == null) {
      st = connection.prepareStatement(sql);
      statements.put(sql, st);
    }
    st.clearParameters();
    return st;
  }

  /** Runs {@code work} holding the lock, outside a transaction (for reads and single statements). */
  public <T> T read(Work<T> work) {
    lock.lock();
    try {
      return work.run(this);
    } catch (SQLException e) {
      throw new SqliteException(e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} holding the lock inside one transaction; rolls back if it throws. */
  public <T> T write(Work<T> work) {
    lock.lock();
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(this);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new SqliteException(e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  int schemaVersion() {
    return read(db -> {
      try (var rs = db.statement("SELECT version FROM schema_version").executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      for (var st : statements.values()) {
        st.close();
      }
      statements.clear();
      connection.close();
    } catch (SQLException e) {
      throw new SqliteException("cannot close SQLite database", e);
    } finally {
      lock.unlock();
    }
  }
}
