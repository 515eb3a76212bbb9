package dev.ork.infra.aws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * moto server, the second, independent AWS emulator (DynamoDB and SQS here): one per test JVM, on a
 * free port, started on first use and stopped at JVM exit. It ships with the machine image's python
 * ({@code moto_server}); where it is absent the calling test class skips with the printed reason.
 * The Moto... test classes run the same contract suites as the dynoxide and ElasticMQ ones.
 */
public final class MotoServer {
  private MotoServer() {}

  private static URI endpoint;
  private static String unavailable;

  /** The endpoint, or skips the caller (printing why) when moto_server is not installed. */
  public static synchronized URI endpointOrSkip(String who) {
    if (endpoint == null && unavailable == null) {
      var binary = onPath("moto_server");
      if (binary == null) unavailable = "moto_server is not on PATH (pip install 'moto[server]')";
      else endpoint = start(binary);
    }
    if (unavailable != null) {
      System.out.println("[moto] " + who + " skipped: " + unavailable);
      Assumptions.abort(unavailable);
    }
    return endpoint;
  }

  /** Skips the calling test, printing why (an emulator limit, not Ork's). */
  public static void skip(String who, String reason) {
    System.out.println("[moto] " + who + " skipped: " + reason);
    Assumptions.abort(reason);
  }

  /** For race tests: moto server applies concurrent writes to one item without isolation. */
  public static void skipConditionalRace(String who) {
    skip(who, "moto server does not isolate concurrent writes to one item (two racing writers can both pass a"
        + " guard, concurrent ADDs can lose one); this race is checked on dynoxide (DynamoDB serializes writes to an item)");
  }

  public static DynamoDbClient dynamoDb(String who, software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
    return DynamoDbClient.builder().endpointOverride(endpointOrSkip(who)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .overrideConfiguration(c -> { for (var i : interceptors) c.addExecutionInterceptor(i); })
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  public static SqsClient sqs(String who, software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
    return SqsClient.builder().endpointOverride(endpointOrSkip(who)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .overrideConfiguration(c -> { for (var i : interceptors) c.addExecutionInterceptor(i); })
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** An S3 client on moto (path-style: moto serves buckets under its one host). */
  public static software.amazon.awssdk.services.s3.S3Client s3(String who) {
    return software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(endpointOrSkip(who)).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
  }

  public static software.amazon.awssdk.services.s3.presigner.S3Presigner s3Presigner(String who) {
    return software.amazon.awssdk.services.s3.presigner.S3Presigner.builder().endpointOverride(endpointOrSkip(who))
        .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }

  private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));

  private static URI start(Path binary) {
    int port = freePort();
    try {
      var process = new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) throw new IllegalStateException("moto_server exited with " + process.exitValue());
        try (var socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return URI.create("http://127.0.0.1:" + port);
        } catch (IOException notYet) {
          Thread.sleep(50);
        }
      }
      process.destroy();
      throw new IllegalStateException("moto_server did not listen on port " + port + " within 60 s");
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path onPath(String program) {
    var path = System.getenv("PATH");
    if (path == null) return null;
    for (var dir : path.split(java.io.File.pathSeparator)) {
      var candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) return candidate;
    }
    return null;
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
