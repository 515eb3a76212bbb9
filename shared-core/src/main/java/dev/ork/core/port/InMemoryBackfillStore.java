package dev.ork.core.port;

import dev.ork.core.run.Backfill;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Backfills in this process only (tests, and wirings without a database). */
public final class InMemoryBackfillStore implements BackfillStore {
  private final ConcurrentHashMap<String, Backfill> byId = new ConcurrentHashMap<>();

  @Override
  public Backfill create(Backfill backfill) {
    var earlier = byId.putIfAbsent(backfill.id(), backfill);
    return earlier != null ? earlier : backfill;
  }

  @Override
  public Optional<Backfill> backfill(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public List<Backfill> backfills(String workflowName) {
    return byId.values().stream().filter(b -> b.workflowName().equals(workflowName))
        .sorted(Comparator.comparing(Backfill::createdAt).thenComparing(Backfill::id).reversed()).toList();
  }

  @Override
  public boolean cancel(String id, Instant at) {
    var b = byId.get(id);
    return b != null && !b.cancelled() && byId.replace(id, b, b.cancelledAt(at));
  }
}
