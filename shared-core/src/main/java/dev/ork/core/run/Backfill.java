package dev.ork.core.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A backfill: one run per fire time of a workflow's schedule in {@code [from, to)} (docs/scheduling.md
 * "Backfill"), at most {@code maxActive} of them running at once. Its id is derived from the workflow
 * and the range, so asking twice for the same range names the same backfill. {@code snapshotHash} is
 * the snapshot its runs use; {@code cancelledAt} is set once, when it is cancelled as a whole.
 */
public record Backfill(
    String id,
    String workflowName,
    String snapshotHash,
    Instant from,
    Instant to,
    int maxActive,
    int slots,
    String triggeredBy,
    Instant createdAt,
    Instant cancelledAt) {

  public boolean cancelled() {
    return cancelledAt != null;
  }

  /** The id of the backfill of {@code workflow} over {@code [from, to)}: {@code bf-} and 20 hex digits. */
  public static String idFor(String workflow, Instant from, Instant to) {
    try {
      var digest = MessageDigest.getInstance("SHA-256")
          .digest((workflow + "\n" + from + "\n" + to).getBytes(StandardCharsets.UTF_8));
      return "bf-" + HexFormat.of().formatHex(digest).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Backfill cancelledAt(Instant at) {
    return new Backfill(id, workflowName, snapshotHash, from, to, maxActive, slots, triggeredBy, createdAt, at);
  }
}
