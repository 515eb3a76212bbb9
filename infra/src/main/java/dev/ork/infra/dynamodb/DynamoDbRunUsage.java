package dev.ork.infra.dynamodb;

import static dev.ork.infra.dynamodb.DynamoDbItems.META;
import static dev.ork.infra.dynamodb.DynamoDbItems.key;
import static dev.ork.infra.dynamodb.DynamoDbItems.runPk;

import dev.ork.core.cost.RunUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A run's recorded usage (docs/operations.md "Cost per run"): five number attributes on the run item,
 * none of them projected into an index, so adding to them writes the base table only. {@link #add} is
 * one UpdateItem ADD, guarded by the run's existence; {@link #read} one eventually consistent GetItem of
 * those attributes.
 */
public final class DynamoDbRunUsage {
  static final String WRU = "usageWru", RRU = "usageRru", SQS = "usageSqsRequests", INVOCATIONS = "usageInvocations",
      GB_SECONDS = "usageGbSeconds";

  private final DynamoDbClient client;
  private final String table;

  public DynamoDbRunUsage(DynamoDbClient client, DynamoDbStoreConfig config) {
    this.client = client;
    this.table = config.tableName();
  }

  /** Adds {@code u} to the run's usage; false when the run item does not exist (nothing is written). */
  public boolean add(String runId, RunUsage u) {
    try {
      client.updateItem(b -> b.tableName(table).key(key(runPk(runId), META))
          .updateExpression("ADD " + WRU + " :w, " + RRU + " :r, " + SQS + " :q, " + INVOCATIONS + " :i, " + GB_SECONDS + " :g")
          .conditionExpression("attribute_exists(PK)")
          .expressionAttributeValues(Map.of(":w", number(u.wru()), ":r", number(u.rru()), ":q", number(u.sqsRequests()),
              ":i", number(u.invocations()), ":g", number(u.gbSeconds()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** Adds {@code u}'s ADD clauses to a run META update (usage riding on its counts, {@link UsageRide}). */
  static void addTo(UpdateBuilder update, RunUsage u) {
    update.add(WRU, number(u.wru())).add(RRU, number(u.rru())).add(SQS, number(u.sqsRequests()))
        .add(INVOCATIONS, number(u.invocations())).add(GB_SECONDS, number(u.gbSeconds()));
  }

  /** The usage recorded on the run, empty when the run does not exist or has none recorded. */
  public Optional<RunUsage> read(String runId) {
    var item = client.getItem(b -> b.tableName(table).key(key(runPk(runId), META))
        .projectionExpression(String.join(", ", WRU, RRU, SQS, INVOCATIONS, GB_SECONDS))).item();
    if (item == null || !item.containsKey(WRU)) return Optional.empty();
    return Optional.of(new RunUsage(value(item, WRU), value(item, RRU), value(item, SQS), value(item, INVOCATIONS),
        value(item, GB_SECONDS)));
  }

  /** Nine decimals: a billionth of a unit is far below any price; DynamoDB keeps up to 38 digits. */
  private static AttributeValue number(double v) {
    return AttributeValue.fromN(BigDecimal.valueOf(v).setScale(9, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
  }

  private static double value(Map<String, AttributeValue> item, String name) {
    var v = item.get(name);
    return v == null || v.n() == null ? 0 : Double.parseDouble(v.n());
  }
}
