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

  /** QueueWait: each record's time on the queue, from its SentTimestamp to {@code nowMillis}. */
  static void queueWait(SQSEvent event, long nowMillis) {
    if (event == null || event.getRecords() == null) return;
    for (var m : event.getRecords()) {
      var sent = m.getAttributes() == null ? null : m.getAttributes().get("SentTimestamp");
      if (sent == null) continue;
      try {
        Metrics.millis("QueueWait", Math.max(0, nowMillis - Long.parseLong(sent)), null, null);
      } catch (NumberFormatException ignored) {
        // not a timestamp: no data point
      }
    }
  }

  static SQSBatchResponse response(List<String> failedMessageIds) {
    return new SQSBatchResponse(failedMessageIds.stream()
        .map(id -> new SQSBatchResponse.BatchItemFailure(id)).toList());
  }
}
