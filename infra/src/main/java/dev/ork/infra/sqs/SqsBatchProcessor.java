package dev.ork.infra.sqs;

import dev.ork.core.port.Clock;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Processes one SQS batch (as a Lambda SQS event source mapping delivers it, with
 * ReportBatchItemFailures on) and returns the ids to report as batch item failures:
 * <ul>
 *   <li>undecodable body: sent to the DLQ with the reason ({@code ork-error}) and acknowledged; any other
 *       exception while decoding (an ECS output read from logs) is a batch item failure (redelivered);</li>
 *   <li>carrying a {@code notBefore} still in the future: re-sent with the remaining delay, acknowledged;</li>
 *   <li>handler threw a transient exception ({@link TransientException} anywhere in the cause chain,
 *       or a throttling/5xx/network AWS SDK exception): a batch item failure, so SQS retries it and redrives it to
 *       the DLQ after maxReceiveCount receives;</li>
 *   <li>handler threw any other RuntimeException: permanent, logged and acknowledged;</li>
 *   <li>a DLQ or re-send request that fails: a batch item failure (nothing is lost).</li>
 * </ul>
 * Errors (not exceptions) propagate and fail the whole batch.
 */
public final class SqsBatchProcessor<T> {

  private static final System.Logger LOG = System.getLogger(SqsBatchProcessor.class.getName());

  /** What happened to one batch. {@code batchItemFailures} are message ids. */
  public record Result(List<String> batchItemFailures, int handled, int deadLettered, int redelivered,
                       int permanentFailures) {}

  private final SqsMessageQueue<T> queue;
  private final DeadLetterQueue dlq;
  private final Clock clock;
  private final Predicate<Throwable> isTransient;

  public SqsBatchProcessor(SqsMessageQueue<T> queue, DeadLetterQueue dlq) {
    this(queue, dlq, Clock.system(), SqsBatchProcessor::isTransientByDefault);
  }

  public SqsBatchProcessor(SqsMessageQueue<T> queue, DeadLetterQueue dlq, Clock clock, Predicate<Throwable> isTransient) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.dlq = Objects.requireNonNull(dlq, "dlq");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.isTransient = Objects.requireNonNull(isTransient, "isTransient");
  }

  /** Processes the batch; returns the message ids to report as batch item failures. */
  public List<String> process(List<SqsRecord> records, Consumer<? super T> handler) {
    return processDetailed(records, handler).batchItemFailures();
  }

  public Result processDetailed(List<SqsRecord> records, Consumer<? super T> handler) {
    return processDetailed(records, messages -> { }, handler);
  }

  /**
   * As above, decoding the whole batch first: {@code beforeHandling} gets the messages about to be
   * handled, in order (to read what they name in one request); if it throws, they are handled anyway.
   */
  public Result processDetailed(List<SqsRecord> records, Consumer<List<T>> beforeHandling, Consumer<? super T> handler) {
    var failures = new ArrayList<String>();
    int handled = 0, deadLettered = 0, redelivered = 0, permanent = 0;
    var ready = new ArrayList<Map.Entry<SqsRecord, T>>();
    for (SqsRecord r : records) {
      Envelope<T> envelope;
      try {
        envelope = queue.codec().decode(r.body());
      } catch (MessageDecodeException e) {
        try {
          dlq.send(r.body(), "undecodable " + queue.codec().type() + " message: " + e.getMessage(), r.messageId());
          deadLettered++;
          LOG.log(Level.WARNING, "message {0} sent to DLQ: {1}", r.messageId(), e.getMessage());
        } catch (RuntimeException dlqFailure) {
          LOG.log(Level.ERROR, "message " + r.messageId() + " is undecodable and the DLQ send failed; will retry", dlqFailure);
          failures.add(r.messageId());
        }
        continue;
      } catch (RuntimeException e) {
        // decoding may need I/O (an ECS task's output is read from its logs): transient → redelivered
        if (isTransient.test(e)) {
          LOG.log(Level.WARNING, "message {0} (receive {1}) could not be decoded yet, SQS will retry: {2}",
              r.messageId(), r.receiveCount(), e.toString());
        } else {
          LOG.log(Level.ERROR, "message " + r.messageId() + " failed to decode; will retry", e);
        }
        failures.add(r.messageId());
        continue;
      }
      if (envelope.isEarly(clock.now())) {
        try {
          queue.redeliver(envelope);
          redelivered++;
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "message " + r.messageId() + " arrived early and its re-send failed; will retry", e);
          failures.add(r.messageId());
        }
        continue;
      }
      ready.add(Map.entry(r, envelope.message()));
    }
    try {
      beforeHandling.accept(ready.stream().map(Map.Entry::getValue).toList());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "reading ahead for a batch of {0} failed, each message reads for itself: {1}", ready.size(),
          e.toString());
    }
    for (var entry : ready) {
      var r = entry.getKey();
      try {
        handler.accept(entry.getValue());
        handled++;
      } catch (RuntimeException e) {
        if (isTransient.test(e)) {
          LOG.log(Level.WARNING, "message {0} (receive {1}) failed transiently, SQS will retry: {2}",
              r.messageId(), r.receiveCount(), e.toString());
          failures.add(r.messageId());
        } else {
          permanent++;
          LOG.log(Level.ERROR, "message " + r.messageId() + " failed permanently and is acknowledged", e);
        }
      }
    }
    return new Result(List.copyOf(failures), handled, deadLettered, redelivered, permanent);
  }

  /**
   * {@link TransientException} anywhere in the cause chain, an AWS SDK client exception (network,
   * timeout), or an AWS service exception that is throttling, retryable or a 5xx.
   */
  public static boolean isTransientByDefault(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof TransientException) return true;
      if (c instanceof SdkClientException) return true; // I/O, timeouts: the SDK's own retries ran out
      if (c instanceof SdkServiceException svc
          && (svc.isThrottlingException() || svc.isRetryableException() || svc.statusCode() >= 500)) {
        return true;
      }
    }
    return false;
  }
}
