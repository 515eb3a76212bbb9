package dev.ork.infra.dynamodb;

import dev.ork.infra.aws.RequestCounter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-memory dynoxide (a DynamoDB emulator) per test JVM, started on first use on a free port and
 * stopped at JVM exit. The binary comes from npm ({@code node_modules/@dynoxide/linux-x64/dynoxide},
 * found by walking up from the working directory); when it is missing the tests fail, they do not skip.
 */
public final class Dynoxide {
  private Dynoxide() {}

  private static final String BINARY = "node_modules/@dynoxide/linux-x64/dynoxide";
  private static URI endpoint;

  /** Shared across all clients from {@link #client()}: counts every DynamoDB request in the JVM. */
  public static final RequestCounter REQUESTS = new RequestCounter();

  public static synchronized URI endpoint() {
    if (endpoint == null) {
      endpoint = start();
    }
    return endpoint;
  }

  /** A client with {@code more} interceptors after the shared request counter. */
  public static DynamoDbClient client(software.amazon.awssdk.core.interceptor.ExecutionInterceptor... more) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> {
          c.addExecutionInterceptor(REQUESTS);
          for (var i : more) c.addExecutionInterceptor(i);
        })
        .build();
  }

  /** A fresh table with Ork's layout, named uniquely. */
  public static String newTable(DynamoDbClient client) {
    var name = "ork-test-" + UUID.randomUUID();
    DynamoDbTables.create(client, name);
    return name;
  }

  private static URI start() {
    var binary = find();
    int port = freePort();
    try {
      var process = new ProcessBuilder(binary.toString(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("dynoxide exited with " + process.exitValue() + " before listening");
        }
        try (var socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return URI.create("http://127.0.0.1:" + port);
        } catch (IOException notYet) {
          Thread.sleep(10);
        }
      }
      process.destroy();
      throw new IllegalStateException("dynoxide did not listen on port " + port + " within 10 s");
    } catch (IOException e) {
      throw new IllegalStateException("cannot start dynoxide at " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path find() {
    for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      var candidate = dir.resolve(BINARY);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("DynamoDB tests need the dynoxide emulator at " + BINARY
        + " (searched upwards from " + Path.of("").toAbsolutePath() + "). Run `npm ci` in the repository root, "
        + "or run the whole suite with scripts/test, which does it for you.");
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
