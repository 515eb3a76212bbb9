package dev.ork.infra.dynamodb;

import dev.ork.core.port.SlotStore;
import dev.ork.core.port.SlotStoreContract;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The slot-store contract on dynoxide; all tests share one table (the contract uses unique pool names). */
class DynamoDbSlotStoreTest extends SlotStoreContract {
  private static DynamoDbClient client;
  private static String table;

  @BeforeAll
  static void createTable() {
    client = Dynoxide.client();
    table = Dynoxide.newTable(client);
  }

  @Override
  protected SlotStore newStore() {
    return new DynamoDbSlotStore(client, DynamoDbStoreConfig.defaults(table));
  }
}
