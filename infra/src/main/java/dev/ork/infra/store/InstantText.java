package dev.ork.infra.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as fixed-width UTC text with nanoseconds ({@code 2026-01-02T03:04:05.123456000Z}): exact,
 * readable, and ordered the same as text and as time, so stores can range-query and sort on it.
 */
public final class InstantText {
  private InstantText() {}

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

  public static String format(Instant instant) {
    return instant == null ? null : FORMAT.format(instant);
  }

  public static Instant parse(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
