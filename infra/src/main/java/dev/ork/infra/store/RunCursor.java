package dev.ork.infra.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque listRuns cursor: the last returned run's (createdAt, runId), base64url-encoded. */
public final class RunCursor {
  private RunCursor() {}

  public static String encode(String createdAt, String runId) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((createdAt + "\n" + runId).getBytes(StandardCharsets.UTF_8));
  }

  /** Returns {createdAt, runId}. */
  public static String[] decode(String cursor) {
    try {
      var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      var parts = text.split("\n", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("not a run cursor");
      }
      return parts;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid listRuns cursor '" + cursor + "'", e);
    }
  }
}
