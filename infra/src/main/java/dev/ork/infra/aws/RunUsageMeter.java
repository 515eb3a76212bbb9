package dev.ork.infra.aws;

import dev.ork.core.cost.RunUsage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Attributes AWS requests to runs (docs/operations.md "Cost per run"). Put on the DynamoDB and SQS
 * clients, it asks DynamoDB for ReturnConsumedCapacity=INDEXES and adds each response's units, and
 * counts each SQS request (one per started 64 KiB of a send's payload, as SQS bills), to the run whose
 * message the calling thread is handling ({@link #during}). Requests outside {@link #during} are not
 * attributed, except sends inside an accounted invocation ({@link #accounted}), which count for the runs
 * their messages name. What is attributed waits in a ledger until the handler takes it ({@link #take}) to write it.
 */
public final class RunUsageMeter implements ExecutionInterceptor {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
  /** Set while a handler invocation is accounted ({@link #accounted}): only then do sends count by body. */
  private static final ThreadLocal<Boolean> ACCOUNTED = new ThreadLocal<>();
  /** Runs whose totals {@link #seen} keeps (the most recent; a long-lived environment sees many runs). */
  static final int SEEN_RUNS = 1000;
  private static final long SQS_BILLING_CHUNK = 64 * 1024;

  private final Map<String, RunUsage> ledger = new HashMap<>();
  private final Map<String, RunUsage> seen = new java.util.LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RunUsage> eldest) {
      return size() > SEEN_RUNS;
    }
  };

  /** Runs {@code work} with its requests attributed to {@code runId} (null: not attributed). */
  public static <T> T during(String runId, Supplier<T> work) {
    var outer = CURRENT.get();
    CURRENT.set(runId);
    try {
      return work.get();
    } finally {
      CURRENT.set(outer);
    }
  }

  public static void during(String runId, Runnable work) {
    during(runId, () -> {
      work.run();
      return null;
    });
  }

  /** Runs {@code work} as an accounted handler invocation: sends outside a message's handling count by body. */
  public static <T> T accounted(Supplier<T> work) {
    var outer = ACCOUNTED.get();
    ACCOUNTED.set(Boolean.TRUE);
    try {
      return work.get();
    } finally {
      if (outer == null) ACCOUNTED.remove();
    }
  }

  /** {@code work} to run on another thread with the calling thread's run (a worker pool's requests). */
  public static Runnable carried(Runnable work) {
    var runId = CURRENT.get();
    return () -> during(runId, work);
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest ctx, ExecutionAttributes attrs) {
    return CapacityUnits.withIndexes(ctx.request());
  }

  @Override
  public void afterExecution(Context.AfterExecution ctx, ExecutionAttributes attrs) {
    var runId = CURRENT.get();
    if (runId == null) {
      if (ACCOUNTED.get() != null) sendsByBody(ctx.request());
      return;
    }
    var units = CapacityUnits.of(ctx.response());
    add(runId, new RunUsage(units.write(), units.read(), sqsRequests(ctx.request()), 0, 0));
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution ctx, ExecutionAttributes attrs) {
    var runId = CURRENT.get();
    if (runId == null) return;
    // a failed SQS request is not billed; a write refused by its condition is
    add(runId, new RunUsage(CapacityUnits.refusedWriteUnits(ctx.request(), ctx.exception()), 0, 0, 0, 0));
  }

  /** Adds usage measured outside the SDK (the handler's invocation share, the event source's requests). */
  public synchronized void add(String runId, RunUsage u) {
    if (u.isZero()) return;
    ledger.merge(runId, u, RunUsage::plus);
    seen.merge(runId, u, RunUsage::plus);
  }

  /** Removes and returns what is attributed and not yet taken, per run. */
  public synchronized Map<String, RunUsage> take() {
    var out = new HashMap<>(ledger);
    ledger.clear();
    return out;
  }

  /** Removes and returns what waits for one run. */
  public synchronized RunUsage take(String runId) {
    var u = ledger.remove(runId);
    return u == null ? RunUsage.NONE : u;
  }

  /** Moves what waits under {@code from} (a placeholder, e.g. an API call before its run existed) to {@code to}. */
  public synchronized void reassign(String from, String to) {
    var waiting = ledger.remove(from);
    var all = seen.remove(from);
    if (to == null) return;
    if (waiting != null) ledger.merge(to, waiting, RunUsage::plus);
    if (all != null) seen.merge(to, all, RunUsage::plus);
  }

  /** Everything attributed to {@code runId} in this meter, taken or not, for the last {@value #SEEN_RUNS} runs (tests compare it with the store). */
  public synchronized RunUsage seen(String runId) {
    return seen.getOrDefault(runId, RunUsage.NONE);
  }

  /** Puts back usage that could not be written (it goes out with the run's next write). */
  public synchronized void putBack(String runId, RunUsage u) {
    var left = ledger.merge(runId, u, RunUsage::plus);
    if (left.isNegligible()) ledger.remove(runId);
  }

  /**
   * A send made outside any message's handling (a handler's held deadline messages, sent together at
   * the end of its batch) counts for the runs its messages name: each entry its share of the request.
   */
  private void sendsByBody(SdkRequest request) {
    var bodies = switch (request) {
      case SendMessageRequest r -> java.util.List.of(String.valueOf(r.messageBody()));
      case SendMessageBatchRequest r -> r.entries().stream().map(e -> String.valueOf(e.messageBody())).toList();
      default -> java.util.List.<String>of();
    };
    if (bodies.isEmpty()) return;
    double share = sqsRequests(request) / bodies.size();
    for (var body : bodies) {
      var m = RUN_IN_BODY.matcher(body);
      if (m.find()) add(m.group(1), new RunUsage(0, 0, share, 0, 0));
    }
  }

  /** An Ork message body's run id ({@code "runId":"…"}, also inside a JSON string). */
  private static final java.util.regex.Pattern RUN_IN_BODY =
      java.util.regex.Pattern.compile("\\\\?\"runId\\\\?\"\\s*:\\s*\\\\?\"([A-Za-z0-9_-]+)");

  static double sqsRequests(SdkRequest request) {
    if (!request.getClass().getPackageName().startsWith("software.amazon.awssdk.services.sqs")) return 0;
    return switch (request) {
      case SendMessageRequest r -> chunks(bytes(r.messageBody()));
      case SendMessageBatchRequest r -> chunks(r.entries().stream().mapToLong(e -> bytes(e.messageBody())).sum());
      default -> 1;
    };
  }

  private static long bytes(String body) {
    return body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
  }

  private static long chunks(long bytes) {
    return Math.max(1, (bytes + SQS_BILLING_CHUNK - 1) / SQS_BILLING_CHUNK);
  }
}
