package dev.ork.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ork.api.ApiRoutes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The console's HTTP server on the JDK's server: {@code /v1/…} goes to an {@link Api} (`ork serve`: the
 * local routes; `ork remote console`: the deployed API through a signing proxy); everything else is the
 * console's static files. Every request passes the {@link RequestGuard} first.
 */
public final class ServeServer implements AutoCloseable {
  static final String BASE = "/v1";

  /** Answers one request under {@code /v1}; {@code path} is what follows it. */
  public interface Api {
    void answer(HttpExchange exchange, String path) throws IOException;
  }

  private final HttpServer server;
  private final Api api;
  private final RequestGuard guard;

  public ServeServer(String bind, int port, String token, Api api) throws IOException {
    this.api = api;
    server = HttpServer.create(new InetSocketAddress(bind, port), 64);
    this.guard = new RequestGuard(bind, server.getAddress().getPort(), token);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var h = exchange.getRequestHeaders();
      var refusal = guard.check(exchange.getRequestMethod(), h.getFirst("Host"), h.getFirst("Origin"),
          h.getFirst("Sec-Fetch-Site"), h.getFirst("Authorization"));
      if (refusal.isPresent()) {
        var r = refusal.get();
        send(exchange, r.status(), "application/json", ApiRoutes.errorBody(r.code(), r.message(), null).toString());
        return;
      }
      var path = exchange.getRequestURI().getRawPath();
      if (path.equals(BASE) || path.startsWith(BASE + "/")) {
        api.answer(exchange, path.substring(BASE.length()));
      } else {
        ConsoleAssets.serve(exchange, path);
      }
    } catch (IOException clientGone) {
      // the browser closed the connection (an event stream it left): nothing to answer
    }
  }

  public static Map<String, String> query(String raw) {
    var out = new HashMap<String, String>();
    if (raw == null || raw.isEmpty()) return out;
    for (var pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      var k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      var v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  public static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
