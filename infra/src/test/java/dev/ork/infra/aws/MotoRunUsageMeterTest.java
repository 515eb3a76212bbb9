package dev.ork.infra.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The run usage meter on moto server, the second emulator, for DynamoDB and SQS alike. Moto reports a
 * fixed ConsumedCapacity (1 per write, 0.5 per read, whatever the size or indexes), so the tests of
 * DynamoDB's capacity arithmetic run on dynoxide only (RunUsageMeterTest) and skip here saying so.
 */
class MotoRunUsageMeterTest extends RunUsageMeterContract {
  @Override
  protected void requireBillingUnits(String test) {
    MotoServer.skip("MotoRunUsageMeterTest." + test, "moto reports a fixed ConsumedCapacity (1 per write, 0.5 per read,"
        + " whatever the item size or indexes); DynamoDB's capacity arithmetic is checked on dynoxide");
  }

  @Override
  protected DynamoDbClient dynamoDb(RunUsageMeter meter) {
    return MotoServer.dynamoDb("MotoRunUsageMeterTest", meter);
  }

  @Override
  protected SqsClient sqs(RunUsageMeter meter) {
    return MotoServer.sqs("MotoRunUsageMeterTest", meter);
  }
}
