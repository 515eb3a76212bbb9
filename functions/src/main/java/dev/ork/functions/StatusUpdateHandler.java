package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ork.core.engine.Engine;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.sqs.SqsBatchProcessor;

/**
 * Status queue → engine.onStatus. Reads Ork status envelopes and Lambda destination records alike
 * (see {@link dev.ork.infra.lambda.StatusMessageCodec}). Partial batch failures: transient only.
 */
public final class StatusUpdateHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final String NAME = "StatusUpdateHandler";
  private final Engine engine;
  private final dev.ork.infra.aws.RunAccounting accounting;
  private final Wiring wiring;
  private final SqsBatchProcessor<StatusUpdate> batches;

  public StatusUpdateHandler() {
    this(Wiring.fromEnvironment(NAME));
  }

  StatusUpdateHandler(Wiring wiring) {
    this.engine = wiring.engine();
    this.accounting = wiring.accounting();
    this.wiring = wiring;
    this.batches = wiring.statusBatches();
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    SqsEvents.queueWait(event, System.currentTimeMillis());
    // its claims' deadline messages and its finishes' run counts go out together at its end, inside
    // the invocation whose usage they are (Wiring.batch)
    var records = SqsEvents.records(event);
    var result = accounting.invocation(records.size(), Handling.memoryMb(context), true, invocation ->
        wiring.batch(invocation, () -> batches.processDetailed(records,
            read -> wiring.prefetch(read, StatusUpdate::runId, StatusUpdate::taskName,
                u -> u.kind() != StatusUpdate.Kind.DEADLINE), u -> invocation.handle(u.runId(), () ->
            Handling.logged(NAME, "status", u.runId(), u.taskName(), u.attempt(),
                u.kind().name().toLowerCase(java.util.Locale.ROOT), () -> engine.onStatus(u))))));
    Handling.batch(NAME, result);
    return SqsEvents.response(result.batchItemFailures());
  }
}
