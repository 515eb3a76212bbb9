package dev.ork.infra.dynamodb;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates Ork's single table: string keys {@code PK}/{@code SK}, four sparse GSIs (see
 * docs/dynamodb.md), on-demand billing, and TTL on {@code expiresAt}.
 */
public final class DynamoDbTables {
  private DynamoDbTables() {}

  /** Runs by workflow, newest first: {@code GSI1PK = WF#<name>}, {@code GSISK = <createdAt>#<runId>}; projects status. */
  public static final String RUNS_BY_WORKFLOW = "GSI1";
  /** Runs by status: {@code GSI2PK = RSTATUS#<status>#<shard>}, {@code GSISK}. */
  public static final String RUNS_BY_STATUS = "GSI2";
  /** All runs by time ({@code GSI3PK = RUNS#<shard>}) and all workflows ({@code GSI3PK = WORKFLOWS}, GSISK = name). */
  public static final String RUNS_BY_TIME = "GSI3";
  /**
   * Open deferred jobs by next poll ({@code DLPK = DJ#<shard>}, {@code deadline = nextPollAt}, only while
   * open); sort key {@code deadline}. In-flight tasks ({@code DL#<shard>}) left it: a delayed message per
   * attempt tracks their deadline (docs/dynamodb.md), and no task item carries {@code DLPK} any more.
   */
  public static final String TASKS_BY_DEADLINE = "GSI4";

  /** Creates the table (no-op if it exists) and waits until it is active. */
  public static void create(DynamoDbClient client, String tableName) {
    try {
      client.createTable(b -> b.tableName(tableName)
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(
              attr("PK"), attr("SK"), attr("GSI1PK"), attr("GSI2PK"), attr("GSI3PK"), attr("GSISK"),
              attr("DLPK"), attr("deadline"))
          .keySchema(hash("PK"), range("SK"))
          .globalSecondaryIndexes(
              gsi(RUNS_BY_WORKFLOW, "GSI1PK", "GSISK", Projection.builder().projectionType(ProjectionType.INCLUDE)
                  .nonKeyAttributes("status").build()),
              gsi(RUNS_BY_STATUS, "GSI2PK", "GSISK", keysOnly()),
              gsi(RUNS_BY_TIME, "GSI3PK", "GSISK", keysOnly()),
              gsi(TASKS_BY_DEADLINE, "DLPK", "deadline", keysOnly())));
    } catch (ResourceInUseException alreadyThere) {
      // created before
    }
    client.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    var ttl = client.describeTimeToLive(b -> b.tableName(tableName)).timeToLiveDescription();
    if (ttl == null || !"expiresAt".equals(ttl.attributeName())) {
      client.updateTimeToLive(b -> b.tableName(tableName)
          .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
    }
  }

  private static AttributeDefinition attr(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }

  private static KeySchemaElement hash(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
  }

  private static KeySchemaElement range(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
  }

  private static Projection keysOnly() {
    return Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build();
  }

  private static GlobalSecondaryIndex gsi(String name, String pk, String sk, Projection projection) {
    return GlobalSecondaryIndex.builder().indexName(name).keySchema(List.of(hash(pk), range(sk)))
        .projection(projection).build();
  }
}
