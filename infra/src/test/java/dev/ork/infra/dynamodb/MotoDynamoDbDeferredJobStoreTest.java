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
  @org.junit.jupiter.api.Test
  protected void updateJob_letsExactlyOneWin_whenManyRaceFromTheSameStatus() {
    MotoServer.skipConditionalRace("MotoDynamoDbDeferredJobStoreTest.updateJob_letsExactlyOneWin_whenManyRaceFromTheSameStatus");
  }

  @Override
  @org.junit.jupiter.api.Test
  protected void createJobs_storesEachJobOnce_whenManyCreateTheSameJobsConcurrently() {
    MotoServer.skipConditionalRace("MotoDynamoDbDeferredJobStoreTest.createJobs_storesEachJobOnce_whenManyCreateTheSameJobsConcurrently");
  }

  @Override
  protected DeferredJobStore newStore() {
    return new DynamoDbDeferredJobStore(client, DynamoDbStoreConfig.defaults(Dynoxide.newTable(client)));
  }
}
