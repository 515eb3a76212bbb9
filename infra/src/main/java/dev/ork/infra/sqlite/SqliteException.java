package dev.ork.infra.sqlite;

/** An unexpected SQLite failure (I/O, corruption, a bug): not a refused conditional write. */
public final class SqliteException extends RuntimeException {
  public SqliteException(String message, Throwable cause) {
    super(message, cause);
  }
}
