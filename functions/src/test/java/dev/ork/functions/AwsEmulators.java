package dev.ork.functions;

import dev.ork.infra.aws.RequestCounter;
import dev.ork.infra.dynamodb.Dynoxide;
import dev.ork.infra.sqs.SqsQueues;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The emulated AWS account of the functions tests: dynoxide (DynamoDB) with a fresh table, embedded
 * ElasticMQ (SQS) with dispatch and status queues (each with its DLQ), and the Lambda Invoke stand-in.
 * {@link #env()} is the environment template.yaml would give the handlers.
 */
final class AwsEmulators implements AutoCloseable {
  private static SQSRestServer elasticMq;
  private static URI sqsEndpoint;

  final SqsClient sqs; // uncounted: the test's own (and the stand-in's) requests
  final SqsQueues.QueuePair dispatch;
  final SqsQueues.QueuePair status;
  final String table;
  final LambdaInvokeStandIn lambda;

  AwsEmulators() throws Exception {
    sqs = sqsClient();
    var suffix = UUID.randomUUID().toString().substring(0, 8);
    dispatch = SqsQueues.create(sqs, "ork-dispatch-" + suffix, 3, Duration.ofSeconds(5));
    status = SqsQueues.create(sqs, "ork-status-" + suffix, 3, Duration.ofSeconds(5));
    table = Dynoxide.newTable(Dynoxide.client());
    lambda = new LambdaInvokeStandIn(sqs, status.url());
  }

  static synchronized URI sqsEndpoint() {
    if (elasticMq == null) {
      elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
          .withAWSRegion("us-east-1").withAWSAccountId("123456789012").start();
      int port = elasticMq.waitUntilStarted().localAddress().getPort();
      sqsEndpoint = URI.create("http://127.0.0.1:" + port);
      Runtime.getRuntime().addShutdownHook(new Thread(elasticMq::stopAndWait, "elasticmq-stop"));
    }
    return sqsEndpoint;
  }

  static SqsClient sqsClient() {
    return SqsClient.builder().endpointOverride(sqsEndpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  Map<String, String> env() {
    var env = new HashMap<String, String>();
    env.put(OrkEnvironment.TABLE, table);
    env.put(OrkEnvironment.DISPATCH_QUEUE_URL, dispatch.url());
    env.put(OrkEnvironment.DISPATCH_DLQ_URL, dispatch.dlqUrl());
    env.put(OrkEnvironment.STATUS_QUEUE_URL, status.url());
    env.put(OrkEnvironment.STATUS_DLQ_URL, status.dlqUrl());
    env.put(OrkEnvironment.ENDPOINT_DYNAMODB, Dynoxide.endpoint().toString());
    env.put(OrkEnvironment.ENDPOINT_SQS, sqsEndpoint().toString());
    env.put(OrkEnvironment.ENDPOINT_LAMBDA, lambda.endpoint().toString());
    env.put(OrkEnvironment.REGION, "us-east-1");
    return env;
  }

  Wiring wiring(dev.ork.core.port.Clock clock, RequestCounter counter) {
    return Wiring.create(env(), clock, counter);
  }

  /**
   * As {@link #env()} plus a fresh payload bucket on moto server's S3 ({@code ORK_PAYLOAD_BUCKET});
   * skips the caller, printing why, where moto is not installed.
   */
  Map<String, String> envWithPayloadBucket(String who) {
    var s3 = dev.ork.infra.aws.MotoServer.s3(who);
    var bucket = "ork-payloads-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    var env = env();
    env.put(OrkEnvironment.PAYLOAD_BUCKET, bucket);
    env.put(OrkEnvironment.ENDPOINT_S3, dev.ork.infra.aws.MotoServer.endpointOrSkip(who).toString());
    return env;
  }

  @Override
  public void close() {
    lambda.close();
  }
}
