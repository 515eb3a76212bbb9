package dev.ork.infra.aws;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The run watchdogs on moto server, DynamoDB and SQS alike (dynoxide and ElasticMQ: RunWatchdogsTest). */
class MotoRunWatchdogsTest extends RunWatchdogsContract {
  @Override
  protected DynamoDbClient dynamoDb() {
    return MotoServer.dynamoDb("MotoRunWatchdogsTest");
  }

  @Override
  protected SqsClient sqs(ExecutionInterceptor sent) {
    return MotoServer.sqs("MotoRunWatchdogsTest", sent);
  }
}
