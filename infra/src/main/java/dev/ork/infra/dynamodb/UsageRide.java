package dev.ork.infra.dynamodb;

import dev.ork.core.cost.RunUsage;

/**
 * Cost per run riding on a run's counts ADD ({@link DynamoDbRunStore#holdingCounts}): the usage
 * attributes are added in the same UpdateItem, so a handler batch that counts finishes of a run writes
 * that run once, not once for the counts and once for its usage (docs/operations.md "Cost per run").
 */
public interface UsageRide {
  /** No usage rides (cost per run off, or a caller without an invocation). */
  UsageRide NONE = new UsageRide() {
    @Override
    public RunUsage take(String runId) {
      return RunUsage.NONE;
    }

    @Override
    public void done(String runId, RunUsage taken, Boolean applied) { }
  };

  /** What to add to the run's usage with its counts, taken from whoever keeps it (NONE: nothing). */
  RunUsage take(String runId);

  /** How the write of {@code taken} went: true applied, false the run item is gone, null it failed. */
  void done(String runId, RunUsage taken, Boolean applied);
}
