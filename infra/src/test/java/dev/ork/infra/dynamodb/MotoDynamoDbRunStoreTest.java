package dev.ork.infra.dynamodb;

import dev.ork.core.port.RunStore;
import dev.ork.core.port.RunStoreContract;
import dev.ork.infra.aws.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The run-store contract on moto server, the second DynamoDB emulator (dynoxide: DynamoDbRunStoreTest). */
class MotoDynamoDbRunStoreTest extends RunStoreContract {

  private static DynamoDbClient client;
  private static String table;

  @BeforeAll
  static void createTable() {
    client = MotoServer.dynamoDb("MotoDynamoDbRunStoreTest");
    table = Dynoxide.newTable(client);
  }

  @Override
  @org.junit.jupiter.api.Test
  protected void finishTask_countsEveryTaskExactlyOnce_whenFinishedConcurrently() {
    MotoServer.skipConditionalRace("MotoDynamoDbRunStoreTest.finishTask_countsEveryTaskExactlyOnce_whenFinishedConcurrently");
  }

  @Override
  @org.junit.jupiter.api.Test
  protected void markDependencySatisfied_losesNoUpdate_whenFanInMarkedConcurrently() {
    MotoServer.skipConditionalRace("MotoDynamoDbRunStoreTest.markDependencySatisfied_losesNoUpdate_whenFanInMarkedConcurrently");
  }

  @Override
  protected RunStore newStore() {
    return new DynamoDbRunStore(client, DynamoDbStoreConfig.defaults(table));
  }
}
