package dev.ork.infra.sqs;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** One ElasticMQ server per test JVM, started on first use, stopped at JVM exit. */
public final class ElasticMq {
  private ElasticMq() {}

  private static final AtomicInteger NAMES = new AtomicInteger();
  private static volatile URI endpoint;

  public static synchronized URI endpoint() {
    if (endpoint == null) {
      SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
          .withAWSRegion("us-east-1").withAWSAccountId("123456789012").start();
      int port = server.waitUntilStarted().localAddress().getPort();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait, "elasticmq-stop"));
      endpoint = URI.create("http://127.0.0.1:" + port);
    }
    return endpoint;
  }

  public static SqsClient client(ExecutionInterceptor... interceptors) {
    return client(endpoint(), interceptors);
  }

  public static SqsClient client(URI endpoint, ExecutionInterceptor... interceptors) {
    return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> { for (var i : interceptors) c.addExecutionInterceptor(i); })
        .build();
  }

  /** A queue name unique in this JVM. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
  }
}
