package dev.ork.infra.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * One SQLite database (a file, or {@code :memory:}) behind one connection guarded by a lock: callers
 * from many threads are serialised, which makes every store operation atomic and keeps SQLite's
 * single-writer rule trivially satisfied. WAL, {@code synchronous=NORMAL}, a busy timeout (for other
 * processes on the same file) and foreign keys are set on open; the schema is migrated on open.
 * Prepared statements are cached per SQL text and reused.
 *
 * <p>For a file, WAL checkpoints run on a background daemon thread with its own connection
 * ({@code wal_checkpoint(PASSIVE)} every {@link #CHECKPOINT_EVERY_MS} ms) instead of inside the
 * committing writer: a checkpoint fsyncs the database file, and doing it under the lock stalled every
 * engine thread for tens of milliseconds about every hundred tasks. Durability is unchanged (the WAL
 * holds every commit until it is checkpointed; closing the last connection checkpoints it).
 */
public final class SqliteDatabase implements AutoCloseable {

  @FunctionalInterface
  public interface Work<T> {
    T run(SqliteDatabase db) throws SQLException;
  }

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}: a {@link #write} is open (nested ones join it), and one of its nested writes failed. */
  private boolean inTransaction;
  private boolean rollbackOnly;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Thread checkpointer;
  private volatile boolean open = true;

  static final long CHECKPOINT_EVERY_MS = 500;
  static final int BUSY_TIMEOUT_MS = 5000;

  private SqliteDatabase(Connection connection, String pathForCheckpoints) {
    this.connection = connection;
    this.checkpointer = pathForCheckpoints == null ? null : Thread.ofPlatform().daemon().name("ork-sqlite-checkpoint")
        .start(() -> checkpointLoop(pathForCheckpoints));
  }

  private void checkpointLoop(String path) {
    try (var c = connect(path, new java.util.Properties()); var st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
      while (open) {
        try {
          Thread.sleep(CHECKPOINT_EVERY_MS);
        } catch (InterruptedException e) {
          return;
        }
        if (open) st.execute("PRAGMA wal_checkpoint(PASSIVE)");
      }
    } catch (SQLException e) {
      // a failed background checkpoint loses nothing: the WAL keeps the commits, the next open checkpoints
      System.err.println("ork: background SQLite checkpoint stopped: " + e.getMessage());
    }
  }

  /**
   * A connection from the SQLite driver itself, not through {@link java.sql.DriverManager}: its first use
   * looks up every JDBC driver with a ServiceLoader scan that opens each jar on the class path.
   */
  private static Connection connect(String path, java.util.Properties properties) throws SQLException {
    return org.sqlite.JDBC.createConnection("jdbc:sqlite:" + path, properties);
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
      // the busy timeout is set as the connection opens: switching a fresh file to WAL takes a lock that
      // another process opening the same file at the same moment must wait for, not fail on
      var config = new SQLiteConfig();
      config.setBusyTimeout(BUSY_TIMEOUT_MS);
      // write() transactions take the write lock as they begin (BEGIN IMMEDIATE), so the busy timeout
      // covers them: a deferred one that read first fails at once with SQLITE_BUSY_SNAPSHOT when another
      // process wrote meanwhile (five `ork run`s on one file lost 6 % of their task logs that way)
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      var connection = connect(path, config.toProperties());
      try (var st = connection.createStatement()) {
        enableWal(st);
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("PRAGMA foreign_keys=ON");
      }
      SqliteSchema.migrate(connection);
      boolean file = !path.equals(":memory:");
      if (file) {
        try (var st = connection.createStatement()) {
          st.execute("PRAGMA wal_autocheckpoint=0"); // the background thread checkpoints
        }
      }
      return new SqliteDatabase(connection, file ? path : null);
    } catch (SQLException | java.io.IOException e) {
      throw new SqliteException("cannot open SQLite database " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Switches the file to WAL (persistent, so a no-op once any connection did it). SQLite answers BUSY at
   * once, without calling the busy handler, when another connection holds a lock during the switch: retry
   * until the busy timeout.
   */
  private static void enableWal(java.sql.Statement st) throws SQLException {
    long deadline = System.nanoTime() + BUSY_TIMEOUT_MS * 1_000_000L;
    while (true) {
      try {
        st.execute("PRAGMA journal_mode=WAL");
        return;
      } catch (SQLException e) {
        boolean busy = e instanceof org.sqlite.SQLiteException se && se.getResultCode().code == SQLiteErrorCode.SQLITE_BUSY.code;
        if (!busy || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
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

  /**
   * Runs one data-changing statement holding the lock, without an explicit transaction: a single
   * SQLite statement is atomic by itself, and the driver's begin/commit pair around it (four statements
   * in all) cost more than the update. {@code work} must run exactly one writing statement.
   */
  public <T> T writeOne(Work<T> work) {
    return read(work);
  }

  /**
   * Runs {@code work} holding the lock inside one transaction (BEGIN IMMEDIATE: the write lock first); rolls
   * back if it throws. Called inside another write, it joins that transaction: a nested write that throws
   * makes the outer one roll back too, even when its caller goes on (it cannot be half applied).
   */
  public <T> T write(Work<T> work) {
    lock.lock();
    try {
      if (inTransaction) {
        try {
          return work.run(this);
        } catch (SQLException | RuntimeException e) {
          rollbackOnly = true;
          throw e;
        }
      }
      inTransaction = true;
      connection.setAutoCommit(false);
      try {
        T result = work.run(this);
        if (rollbackOnly) throw new SqliteException("a write inside this transaction failed: rolled back", null);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        inTransaction = false;
        rollbackOnly = false;
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
    open = false;
    if (checkpointer != null) {
      checkpointer.interrupt();
      try {
        checkpointer.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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
