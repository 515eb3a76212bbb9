package dev.ork.core.port;

import dev.ork.core.run.Backfill;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Backfills (docs/scheduling.md "Backfill"). Their runs live in the {@link RunStore}, each naming its backfill. */
public interface BackfillStore {

  /** Stores {@code backfill} unless one with its id exists (put-if-absent); returns the stored one. */
  Backfill create(Backfill backfill);

  Optional<Backfill> backfill(String id);

  /** The workflow's backfills, newest first. */
  List<Backfill> backfills(String workflowName);

  /** Marks the backfill cancelled at {@code at} unless it already is; true when this call did. */
  boolean cancel(String id, Instant at);
}
