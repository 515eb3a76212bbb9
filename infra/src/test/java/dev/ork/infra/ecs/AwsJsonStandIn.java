package dev.ork.infra.ecs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A local HTTP server answering AWS JSON-protocol requests (X-Amz-Target) for SDK-seam tests. */
final class AwsJsonStandIn implements AutoCloseable {
  record Seen(String target, String body) {}
  record Reply(int status, String body) {}

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  volatile Function<Seen, Reply> responder = s -> new Reply(200, "{}");

  AwsJsonStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      var s = new Seen(ex.getRequestHeaders().getFirst("X-Amz-Target"),
          new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      seen.add(s);
      var r = responder.apply(s);
      var bytes = r.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      ex.getResponseHeaders().add("x-amzn-RequestId", "req-" + seen.size());
      ex.sendResponseHeaders(r.status(), bytes.length);
      ex.getResponseBody().write(bytes);
      ex.close();
    });
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
