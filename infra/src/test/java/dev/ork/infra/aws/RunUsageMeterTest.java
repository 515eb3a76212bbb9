package dev.ork.infra.aws;

import dev.ork.infra.dynamodb.Dynoxide;
import dev.ork.infra.sqs.ElasticMq;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The run usage meter on dynoxide (DynamoDB) and ElasticMQ (SQS); on moto: MotoRunUsageMeterTest. */
class RunUsageMeterTest extends RunUsageMeterContract {
  @Override
  protected DynamoDbClient dynamoDb(RunUsageMeter meter) {
    return Dynoxide.client(meter);
  }

  @Override
  protected SqsClient sqs(RunUsageMeter meter) {
    return ElasticMq.client(meter);
  }
}
