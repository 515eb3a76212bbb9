package dev.ork.infra.dynamodb;

import dev.ork.core.port.BackfillStore;
import dev.ork.core.port.BackfillStoreContract;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The backfill-store contract on dynoxide (moto: MotoDynamoDbBackfillStoreTest); one table, unique workflow names. */
class DynamoDbBackfillStoreTest extends BackfillStoreContract {
  private static DynamoDbClient client;
  private static String table;

  @BeforeAll
  static void createTable() {
    client = Dynoxide.client();
    table = Dynoxide.newTable(client);
  }

  @Override
  protected BackfillStore newStore() {
    return new DynamoDbBackfillStore(client, DynamoDbStoreConfig.defaults(table));
  }
}
