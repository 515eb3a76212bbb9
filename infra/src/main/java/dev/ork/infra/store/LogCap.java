package dev.ork.infra.store;

import java.nio.charset.StandardCharsets;

/**
 * The per-attempt log cap shared by the log stores: the head of the log is kept up to the cap, then
 * one marker line is appended and later chunks are dropped. Keeping the head (not the tail) makes the
 * cut a single append, with no rewrite of what is stored.
 */
public final class LogCap {
  private LogCap() {}

  public static final int DEFAULT_CAP_BYTES = 1024 * 1024;

  public static String marker(int capBytes) {
    return "\n[ork: log truncated at " + capBytes + " bytes; later output dropped]\n";
  }

  public static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c)) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }

  /** The longest prefix of {@code text} whose UTF-8 length is at most {@code bytes}. */
  public static String headBytes(String text, int bytes) {
    if (bytes <= 0) return "";
    var encoded = text.getBytes(StandardCharsets.UTF_8);
    if (encoded.length <= bytes) return text;
    int end = bytes;
    while (end > 0 && (encoded[end] & 0xC0) == 0x80) end--;
    return new String(encoded, 0, end, StandardCharsets.UTF_8);
  }
}
