package dev.ork.core.testing;

import dev.ork.core.run.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** How many runs ran at once, from their recorded times (not from timing in the test). */
public final class Overlap {
  private Overlap() {}

  /** The largest number of runs whose [startedAt, finishedAt) overlap; an end and a start at the same instant do not. */
  public static int mostAtOnce(List<Run> runs) {
    var edges = new ArrayList<long[]>();
    for (var r : runs) {
      edges.add(new long[] {r.startedAt().getEpochSecond() * 1_000_000_000L + r.startedAt().getNano(), 1});
      edges.add(new long[] {r.finishedAt().getEpochSecond() * 1_000_000_000L + r.finishedAt().getNano(), -1});
    }
    edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    int now = 0, most = 0;
    for (var e : edges) most = Math.max(most, now += (int) e[1]);
    return most;
  }
}
