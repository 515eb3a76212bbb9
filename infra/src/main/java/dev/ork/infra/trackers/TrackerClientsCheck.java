package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.port.JobTracker;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Packaging check for a deployment artifact (docs/adr/0002-lambda-jar-size.md): builds every AWS
 * tracker's client and marshals one poll and one cancel request of each against a closed port on
 * 127.0.0.1, so every class on that path must load. Prints one line per tracker and exits 0 when
 * each failed only with "connection refused"; exits 1 when a class is missing (the SDK module is not
 * on the classpath, e.g. the tracker layer is not attached).
 */
public final class TrackerClientsCheck {
  private TrackerClientsCheck() {}

  public static void main(String[] args) throws Exception {
    var endpoint = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:9");
    var clients = new JobTrackers.Clients(
        () -> build(EcsClient.builder(), endpoint), () -> build(BatchClient.builder(), endpoint),
        () -> build(GlueClient.builder(), endpoint), () -> build(AthenaClient.builder(), endpoint),
        () -> build(SfnClient.builder(), endpoint));
    var data = new ObjectMapper().readTree("{\"job_id\":\"check\",\"cluster\":\"c\",\"job_name\":\"j\"}");
    int bad = 0;
    for (JobTracker t : JobTrackers.standard(clients, CustomHttpTracker.standard())) {
      if (t instanceof CustomHttpTracker) continue;
      try {
        t.poll(data);
        System.out.println("FAIL " + t.serviceType() + ": poll answered, expected connection refused");
        bad++;
      } catch (SdkClientException expected) {
        try {
          t.cancel(data);
        } catch (SdkClientException alsoExpected) {
          System.out.println("ok " + t.serviceType());
          continue;
        }
        System.out.println("FAIL " + t.serviceType() + ": cancel answered, expected connection refused");
        bad++;
      } catch (LinkageError missing) {
        System.out.println("FAIL " + t.serviceType() + ": " + missing);
        bad++;
      }
    }
    // The ECS task output reader (status handler) and the run status events ship their SDK modules in
    // the same layer.
    bad += refused("logs", () -> build(software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.builder(),
        endpoint).getLogEvents(b -> b.logGroupName("check").logStreamName("check")));
    bad += refused("events", () -> build(software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder(), endpoint)
        .putEvents(b -> b.entries(e -> e.source("ork").detailType("check").detail("{}"))));
    // the payload bucket's client (S3PayloadStore) and the Lambda client (LambdaExecutor): in the layer as well
    bad += refused("lambda", () -> build(software.amazon.awssdk.services.lambda.LambdaClient.builder(), endpoint)
        .invoke(b -> b.functionName("check").invocationType("Event")));
    bad += refused("s3", () -> build(software.amazon.awssdk.services.s3.S3Client.builder(), endpoint)
        .getObjectAsBytes(b -> b.bucket("check").key("payloads/check.json")));
    System.exit(bad == 0 ? 0 : 1);
  }

  /** 0 when {@code call} loaded every class and failed only to connect (prints "ok name"), else 1. */
  private static int refused(String name, Runnable call) {
    try {
      call.run();
      System.out.println("FAIL " + name + ": answered, expected connection refused");
      return 1;
    } catch (SdkClientException expected) {
      System.out.println("ok " + name);
      return 0;
    } catch (LinkageError missing) {
      System.out.println("FAIL " + name + ": " + missing);
      return 1;
    }
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint) {
    return builder.endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("check", "check")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  static List<String> services() {
    return List.of("ecs", "batch", "glue", "athena", "stepfunctions");
  }
}
