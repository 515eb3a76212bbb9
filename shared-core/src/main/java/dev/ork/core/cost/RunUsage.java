package dev.ork.core.cost;

/**
 * The orchestration resources one run consumed on AWS (docs/operations.md "Cost per run"): DynamoDB
 * write and read request units (base table and indexes, as ReturnConsumedCapacity=INDEXES reports
 * them), SQS requests (Ork's own sends plus its share of the event source's receives and deletes), and
 * its share of the orchestrator handlers' invocations and GB-seconds. Shares are fractional: a batch
 * of 10 messages from 2 runs gives each run its messages' part of one invocation.
 */
public record RunUsage(double wru, double rru, double sqsRequests, double invocations, double gbSeconds) {
  public static final RunUsage NONE = new RunUsage(0, 0, 0, 0, 0);

  public RunUsage plus(RunUsage o) {
    return new RunUsage(wru + o.wru, rru + o.rru, sqsRequests + o.sqsRequests, invocations + o.invocations,
        gbSeconds + o.gbSeconds);
  }

  public RunUsage minus(RunUsage o) {
    return plus(o.scaled(-1));
  }

  public RunUsage scaled(double factor) {
    return new RunUsage(wru * factor, rru * factor, sqsRequests * factor, invocations * factor, gbSeconds * factor);
  }

  /** Every part within a billionth of zero (what floating-point sums of shares leave behind). */
  public boolean isNegligible() {
    double e = 1e-9;
    return Math.abs(wru) < e && Math.abs(rru) < e && Math.abs(sqsRequests) < e && Math.abs(invocations) < e
        && Math.abs(gbSeconds) < e;
  }

  public boolean isZero() {
    return wru == 0 && rru == 0 && sqsRequests == 0 && invocations == 0 && gbSeconds == 0;
  }
}
