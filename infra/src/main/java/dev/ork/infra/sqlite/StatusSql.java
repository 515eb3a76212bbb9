package dev.ork.infra.sqlite;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code status IN ('A', 'B')} for a status set from core/run, so a query and the partial index it
 * relies on are written from the same set (SQLite uses a partial index only when the query repeats
 * its condition).
 */
final class StatusSql {
  private StatusSql() {}

  static String in(Set<? extends Enum<?>> statuses) {
    return statuses.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "status IN (", ")"));
  }
}
