package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ork.core.engine.Engine;
import dev.ork.core.run.DispatchMessage;
import dev.ork.infra.sqs.SqsBatchProcessor;

/** Dispatch queue → claim and launch each attempt (engine.dispatch). Partial batch failures: transient only. */
public final class DispatcherHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final String NAME = "DispatcherHandler";
  private final Engine engine;
  private final dev.ork.infra.aws.RunAccounting accounting;
  private final Wiring wiring;
  private final SqsBatchProcessor<DispatchMessage> batches;

  public DispatcherHandler() {
    this(Wiring.fromEnvironment(NAME));
  }

  DispatcherHandler(Wiring wiring) {
    this.engine = wiring.engine();
    this.accounting = wiring.accounting();
    this.wiring = wiring;
    this.batches = wiring.dispatchBatches();
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    SqsEvents.queueWait(event, System.currentTimeMillis());
    // its claims' deadline messages and its finishes' run counts go out together at its end, inside
    // the invocation whose usage they are (Wiring.batch)
    var records = SqsEvents.records(event);
    var result = accounting.invocation(records.size(), Handling.memoryMb(context), true, invocation ->
        wiring.batch(invocation, () -> batches.processDetailed(records,
            read -> wiring.prefetch(read, DispatchMessage::runId, DispatchMessage::taskName), m -> invocation.handle(m.runId(), () ->
            Handling.logged(NAME, "dispatch", m.runId(), m.taskName(), m.attempt(), null, () -> engine.dispatch(m))))));
    Handling.batch(NAME, result);
    return SqsEvents.response(result.batchItemFailures());
  }
}
