package dev.ork.infra.dynamodb;

import dev.ork.core.port.RunStore;
import dev.ork.core.port.RunStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The run-store contract on dynoxide; all tests share one table (the contract uses unique ids). */
class DynamoDbRunStoreTest extends RunStoreContract {

  private static DynamoDbClient client;
  private static String table;

  @BeforeAll
  static void createTable() {
    client = Dynoxide.client();
    table = Dynoxide.newTable(client);
    Dynoxide.REQUESTS.reset();
  }

  @AfterAll
  static void report() {
    System.out.println("[dynamodb] requests by operation: " + Dynoxide.REQUESTS.snapshot());
    org.assertj.core.api.Assertions.assertThat(Dynoxide.REQUESTS.count("DynamoDb.Scan")).as("Scan requests").isZero();
  }

  @Override
  protected RunStore newStore() {
    return new DynamoDbRunStore(client, DynamoDbStoreConfig.defaults(table));
  }
}
