package dev.ork.infra.aws;

import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * DynamoDB capacity units as the service reports them: asks a request for
 * {@code ReturnConsumedCapacity=INDEXES} (TOTAL would hide nothing in the sum but INDEXES splits out the
 * GSI writes, which are billed too) and reads the units back from its response. A refused write (a
 * failed condition) returns no figure: DynamoDB still bills it, 1 WRU per item (2 in a transaction),
 * which {@link #refusedWriteUnits} estimates.
 */
public final class CapacityUnits {
  private CapacityUnits() {}

  /** Units of one response: base-table writes, index writes, reads (all tables and indexes). */
  public record Units(double tableWrite, double indexWrite, double read) {
    public double write() {
      return tableWrite + indexWrite;
    }
  }

  public static SdkRequest withIndexes(SdkRequest request) {
    var all = ReturnConsumedCapacity.INDEXES;
    return switch (request) {
      case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case QueryRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      case TransactGetItemsRequest r -> r.toBuilder().returnConsumedCapacity(all).build();
      default -> request;
    };
  }

  /** The units a DynamoDB response reports (zero for other responses, or when none were asked for). */
  public static Units of(SdkResponse response) {
    boolean read = response instanceof GetItemResponse || response instanceof QueryResponse
        || response instanceof BatchGetItemResponse || response instanceof TransactGetItemsResponse;
    List<ConsumedCapacity> used = switch (response) {
      case GetItemResponse r -> one(r.consumedCapacity());
      case QueryResponse r -> one(r.consumedCapacity());
      case BatchGetItemResponse r -> r.consumedCapacity();
      case TransactGetItemsResponse r -> r.consumedCapacity();
      case PutItemResponse r -> one(r.consumedCapacity());
      case UpdateItemResponse r -> one(r.consumedCapacity());
      case DeleteItemResponse r -> one(r.consumedCapacity());
      case BatchWriteItemResponse r -> r.consumedCapacity();
      case TransactWriteItemsResponse r -> r.consumedCapacity();
      default -> List.of();
    };
    double table = 0, index = 0, reads = 0;
    for (var c : used) {
      if (read) {
        reads += units(c.capacityUnits());
        continue;
      }
      table += c.table() != null ? units(c.table().capacityUnits()) : units(c.capacityUnits());
      if (c.globalSecondaryIndexes() != null) {
        index += c.globalSecondaryIndexes().values().stream().mapToDouble(x -> units(x.capacityUnits())).sum();
      }
    }
    return new Units(table, index, reads);
  }

  /**
   * The write units DynamoDB bills for a write its condition refused; 0 for other failures (a throttled
   * or failed request is not billed) and other requests.
   */
  public static double refusedWriteUnits(SdkRequest request, Throwable error) {
    if (!(error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException)) return 0;
    return switch (request) {
      case PutItemRequest r -> 1;
      case UpdateItemRequest r -> 1;
      case DeleteItemRequest r -> 1;
      case TransactWriteItemsRequest r -> 2.0 * r.transactItems().size();
      default -> 0;
    };
  }

  private static List<ConsumedCapacity> one(ConsumedCapacity c) {
    return c == null ? List.of() : List.of(c);
  }

  private static double units(Double d) {
    return d == null ? 0 : d;
  }
}
