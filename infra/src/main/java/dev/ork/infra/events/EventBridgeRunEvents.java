package dev.ork.infra.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Publishes run status changes to an EventBridge bus, shaped like Step Functions' execution status
 * events: {@code source: ork}, {@code detail-type: Ork Run Status Change}, and a detail of runId,
 * workflow, status, error and time (docs/operations.md has an example rule). A failed entry is thrown so the caller logs it.
 */
public final class EventBridgeRunEvents implements RunStatusListener {
  public static final String SOURCE = "ork";
  public static final String DETAIL_TYPE = "Ork Run Status Change";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventBridgeClient client;
  private final String busName;

  public EventBridgeRunEvents(EventBridgeClient client, String busName) {
    this.client = client;
    this.busName = busName;
  }

  @Override
  public void changed(RunStatusChange change) {
    var detail = JSON.createObjectNode().put("runId", change.runId()).put("workflow", change.workflowName())
        .put("status", change.status().name());
    if (change.error() != null) detail.put("error", change.error());
    if (change.at() != null) detail.put("time", change.at().toString());
    var entry = PutEventsRequestEntry.builder().eventBusName(busName).source(SOURCE).detailType(DETAIL_TYPE)
        .detail(detail.toString()).build();
    var response = client.putEvents(b -> b.entries(entry));
    if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
      var e = response.entries().getFirst();
      throw new IllegalStateException("EventBridge refused the event: " + e.errorCode() + " " + e.errorMessage());
    }
  }
}
