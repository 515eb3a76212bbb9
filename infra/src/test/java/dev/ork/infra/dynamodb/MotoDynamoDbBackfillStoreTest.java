package dev.ork.infra.dynamodb;

import dev.ork.core.port.BackfillStore;
import dev.ork.core.port.BackfillStoreContract;
import dev.ork.infra.aws.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The backfill-store contract on moto server (dynoxide: DynamoDbBackfillStoreTest). */
class MotoDynamoDbBackfillStoreTest extends BackfillStoreContract {

  private static DynamoDbClient client;
  private static String table;

  @BeforeAll
  static void createTable() {
    client = MotoServer.dynamoDb("MotoDynamoDbBackfillStoreTest");
    table = Dynoxide.newTable(client);
  }

  @Override
  protected BackfillStore newStore() {
    return new DynamoDbBackfillStore(client, DynamoDbStoreConfig.defaults(table));
  }
}
