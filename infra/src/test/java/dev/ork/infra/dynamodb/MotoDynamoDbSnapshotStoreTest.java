package dev.ork.infra.dynamodb;

import dev.ork.core.port.SnapshotStore;
import dev.ork.core.port.SnapshotStoreContract;
import dev.ork.infra.aws.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The snapshot-store contract on moto server (dynoxide: DynamoDbSnapshotStoreTest). */
class MotoDynamoDbSnapshotStoreTest extends SnapshotStoreContract {

  private static DynamoDbClient client;
  private static String table;

  @BeforeAll
  static void createTable() {
    client = MotoServer.dynamoDb("MotoDynamoDbSnapshotStoreTest");
    table = Dynoxide.newTable(client);
  }

  @Override
  protected SnapshotStore newStore() {
    return new DynamoDbSnapshotStore(client, DynamoDbStoreConfig.defaults(table));
  }
}
