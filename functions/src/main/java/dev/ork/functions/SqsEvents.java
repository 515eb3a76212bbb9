package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ork.infra.sqs.SqsRecord;
import java.util.HashMap;
import java.util.List;

/** Maps Lambda's SQS event types to and from {@link SqsRecord} and batch item failures. */
final class SqsEvents {
  private SqsEvents() {}

  static List<SqsRecord> records(SQSEvent event) {
    if (event == null || event.getRecords() == null) return List.of();
    return event.getRecords().stream().map(SqsEvents::record).toList();
  }

  static SqsRecord record(SQSEvent.SQSMessage m) {
    var attrs = new HashMap<String, String>();
    if (m.getMessageAttributes() != null) {
      m.getMessageAttributes().forEach((k, v) -> {
        if (v != null && v.getStringValue() != null) attrs.put(k, v.getStringValue());
      });
    }
    int count = 1;
    var system = m.getAttributes();
    if (system != null && system.get("ApproximateReceiveCount") != null) {
      try {
        count = Integer.parseInt(system.get("ApproximateReceiveCount"));
      } catch (NumberFormatException ignored) {
        // keep 1
      }
    }
    return new SqsRecord(m.getMessageId(), m.getBody(), attrs, count);
  }

  static SQSBatchResponse response(List<String> failedMessageIds) {
    return new SQSBatchResponse(failedMessageIds.stream()
        .map(id -> new SQSBatchResponse.BatchItemFailure(id)).toList());
  }
}
