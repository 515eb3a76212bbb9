package dev.ork.infra.dynamodb;

import dev.ork.core.port.SnapshotStore;
import dev.ork.core.port.SnapshotStoreContract;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoDbSnapshotStoreTest extends SnapshotStoreContract {

  private static DynamoDbClient client;
  private static String table;

  @BeforeAll
  static void createTable() {
    client = Dynoxide.client();
    table = Dynoxide.newTable(client);
  }

  @Override
  protected SnapshotStore newStore() {
    return new DynamoDbSnapshotStore(client, DynamoDbStoreConfig.defaults(table));
  }
}
