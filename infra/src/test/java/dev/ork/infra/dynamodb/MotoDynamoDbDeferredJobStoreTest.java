package dev.ork.infra.dynamodb;

import dev.ork.core.port.DeferredJobStore;
import dev.ork.core.port.DeferredJobStoreContract;
import dev.ork.infra.aws.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The deferred-job contract on moto server (dynoxide: DynamoDbDeferredJobStoreTest); a table per test. */
class MotoDynamoDbDeferredJobStoreTest extends DeferredJobStoreContract {

  private static DynamoDbClient client;

  @BeforeAll
  static void connect() {
    client = MotoServer.dynamoDb("MotoDynamoDbDeferredJobStoreTest");
  }

  @Override
  protected DeferredJobStore newStore() {
    return new DynamoDbDeferredJobStore(client, DynamoDbStoreConfig.defaults(Dynoxide.newTable(client)));
  }
}
