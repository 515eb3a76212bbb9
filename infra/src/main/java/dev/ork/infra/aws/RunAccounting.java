package dev.ork.infra.aws;

import dev.ork.core.cost.LambdaBilling;
import dev.ork.core.cost.RunUsage;
import dev.ork.infra.dynamodb.DynamoDbRunUsage;
import java.util.HashMap;
import java.util.function.Function;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cost per run for the handlers (docs/operations.md "Cost per run"): {@link #invocation} opens one
 * handler invocation; each message handled in it runs inside {@link Invocation#handle}, so the
 * {@link RunUsageMeter} on the clients attributes its requests to the message's run. Closing the
 * invocation gives each run its share of the invocation (its messages / the batch's), of the billed
 * GB-seconds and of the event source's ReceiveMessage and DeleteMessageBatch, then writes what each run
 * used in one UpdateItem ADD per run ({@link DynamoDbRunUsage}). That write counts itself as 1 WRU up
 * front; whatever it really consumed beyond that stays in the ledger for the run's next write.
 * Accounting never fails a message: a failed write is logged and retried with the next invocation.
 */
public final class RunAccounting {
  private static final System.Logger LOG = System.getLogger(RunAccounting.class.getName());
  /** The requests the SQS event source makes per batch it delivers: one receive, one delete. */
  public static final double EVENT_SOURCE_REQUESTS_PER_BATCH = 2;
  static final RunUsage OWN_WRITE = new RunUsage(1, 0, 0, 0, 0);

  private final RunUsageMeter meter;
  private final DynamoDbRunUsage store;

  public RunAccounting(RunUsageMeter meter, DynamoDbRunUsage store) {
    this.meter = meter;
    this.store = store;
  }

  /** No accounting (ORK_RUN_COST=off): messages are handled as they are, nothing is written. */
  public static RunAccounting off() {
    return new RunAccounting(new RunUsageMeter(), null);
  }

  public RunUsageMeter meter() {
    return meter;
  }

  /**
   * One handler invocation over a batch of {@code records} messages (an API call: 1), in a function of
   * {@code memoryMb} (null: unknown, no GB-seconds); {@code fromEventSource}: the batch came from an SQS
   * event source, whose receive and delete are billed requests too.
   */
  public Invocation invocation(int records, Integer memoryMb, boolean fromEventSource) {
    return new Invocation(records, memoryMb, fromEventSource);
  }

  public final class Invocation {
    private final long start = System.nanoTime();
    private final int records;
    private final Integer memoryMb;
    private final boolean fromEventSource;
    private final Map<String, Integer> messagesByRun = new HashMap<>();
    /** Runs whose usage rode on their counts ADD in this invocation (their share is in that write). */
    private final java.util.Set<String> rode = new java.util.HashSet<>();

    private Invocation(int records, Integer memoryMb, boolean fromEventSource) {
      this.records = Math.max(1, records);
      this.memoryMb = memoryMb;
      this.fromEventSource = fromEventSource;
    }

    /** Runs one message's work with its requests attributed to {@code runId}. */
    public <T> T handle(String runId, Supplier<T> work) {
      if (runId != null) messagesByRun.merge(runId, 1, Integer::sum);
      return RunUsageMeter.during(runId, work);
    }

    public void handle(String runId, Runnable work) {
      handle(runId, () -> {
        work.run();
        return null;
      });
    }

    /** What was handled under {@code from} belongs to {@code to} (null: to nobody, dropped). */
    public void reassign(String from, String to) {
      var n = messagesByRun.remove(from);
      meter.reassign(from, to);
      if (n != null && to != null) messagesByRun.merge(to, n, Integer::sum);
    }

    /**
     * Usage riding on the run's counts ADD at the batch's end (DynamoDbRunStore.holdingCounts): what waits
     * for the run, with the invocation's share as of now. What the invocation spends for the run after it
     * (a completion check that completes the run) is written alone when it closes.
     */
    public dev.ork.infra.dynamodb.UsageRide ride() {
      return new dev.ork.infra.dynamodb.UsageRide() {
        @Override
        public RunUsage take(String runId) {
          if (store == null) return RunUsage.NONE;
          var n = messagesByRun.get(runId);
          if (n != null && rode.add(runId)) meter.add(runId, share(n, System.nanoTime() - start));
          return meter.take(runId).plus(OWN_WRITE);
        }

        @Override
        public void done(String runId, RunUsage taken, Boolean applied) {
          if (taken.isZero()) return;
          if (applied == null) meter.putBack(runId, taken.minus(OWN_WRITE)); // written alone at close
          else if (applied) meter.putBack(runId, OWN_WRITE.scaled(-1)); // its real units were just metered
          else meter.take(runId); // the run item is gone: nothing to record on
        }
      };
    }

    /** This invocation's share, {@code nanos} into it, for a run with {@code n} of its messages. */
    private RunUsage share(int n, long nanos) {
      double gbSeconds = memoryMb == null ? 0 : LambdaBilling.gbSeconds(memoryMb, nanos);
      double sqs = fromEventSource ? EVENT_SOURCE_REQUESTS_PER_BATCH : 0;
      return new RunUsage(0, 0, sqs, 1, gbSeconds).scaled(n / (double) records);
    }

    /** Attributes the invocation's shares (of runs whose usage did not ride), then writes each run's usage. */
    public void close() {
      if (store == null) return;
      long nanos = System.nanoTime() - start;
      messagesByRun.forEach((runId, n) -> {
        if (!rode.contains(runId)) meter.add(runId, share(n, nanos));
      });
      flush();
    }
  }

  /** Runs {@code body} as one invocation (see {@link #invocation(int, Integer, boolean)}), closed when it returns or throws. */
  public <R> R invocation(int records, Integer memoryMb, boolean fromEventSource, Function<Invocation, R> body) {
    var invocation = invocation(records, memoryMb, fromEventSource);
    try {
      return RunUsageMeter.accounted(() -> body.apply(invocation));
    } finally {
      invocation.close();
    }
  }

  /** One ADD per run with usage waiting (this invocation's, and any left by an earlier one). */
  public void flush() {
    meter.take().forEach((runId, used) -> RunUsageMeter.during(runId, () -> {
      if (used.isNegligible()) return;
      try {
        if (store.add(runId, used.plus(OWN_WRITE))) {
          meter.putBack(runId, OWN_WRITE.scaled(-1)); // its real units were just metered: keep only the excess
        } else {
          meter.take(runId); // the run item is gone (expired or never there): nothing to record on
        }
      } catch (RuntimeException e) {
        meter.putBack(runId, used);
        LOG.log(System.Logger.Level.WARNING, "usage of run {0} not recorded yet ({1}); retried with the next batch",
            runId, e.toString());
      }
    }));
  }
}
