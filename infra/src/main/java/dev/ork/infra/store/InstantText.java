package dev.ork.infra.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as fixed-width UTC text with nanoseconds ({@code 2026-01-02T03:04:05.123456000Z}): exact,
 * readable, and ordered the same as text and as time, so stores can range-query and sort on it.
 * Years 0000-9999 are written and read by hand (a row read parses several of these: through
 * {@link DateTimeFormatter} and {@link Instant#parse} that was a third of a local task read); other
 * text falls back to the JDK.
 */
public final class InstantText {
  private InstantText() {}

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);
  private static final int WIDTH = 30;
  private static final long MIN_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
  private static final long MAX_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;

  public static String format(Instant instant) {
    if (instant == null) return null;
    long second = instant.getEpochSecond();
    if (second < MIN_SECOND || second >= MAX_SECOND) return FORMAT.format(instant);
    var date = LocalDate.ofEpochDay(Math.floorDiv(second, 86_400));
    int secondOfDay = (int) Math.floorMod(second, 86_400);
    char[] out = new char[WIDTH];
    digits(out, 0, date.getYear(), 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    out[19] = '.';
    digits(out, 20, instant.getNano(), 9);
    out[29] = 'Z';
    return new String(out);
  }

  public static Instant parse(String text) {
    if (text == null) return null;
    if (text.length() != WIDTH || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.' || text.charAt(29) != 'Z') {
      return Instant.parse(text);
    }
    int year = number(text, 0, 4), month = number(text, 5, 2), day = number(text, 8, 2);
    int hour = number(text, 11, 2), minute = number(text, 14, 2), sec = number(text, 17, 2), nano = number(text, 20, 9);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 || nano < 0) {
      return Instant.parse(text); // not plain digits where digits belong: the JDK says what is wrong
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay(); // checks month and day
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + sec, nano);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The decimal number in {@code text[at, at + width)}, or -1 when a character there is not a digit. */
  private static int number(String text, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
