package dev.ork.infra.aws;

import dev.ork.infra.dynamodb.Dynoxide;
import dev.ork.infra.sqs.ElasticMq;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The run watchdogs on dynoxide (DynamoDB) and ElasticMQ (SQS); on moto: MotoRunWatchdogsTest. */
class RunWatchdogsTest extends RunWatchdogsContract {
  @Override
  protected DynamoDbClient dynamoDb() {
    return Dynoxide.client();
  }

  @Override
  protected SqsClient sqs(ExecutionInterceptor sent) {
    return ElasticMq.client(sent);
  }
}
