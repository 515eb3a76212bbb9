package dev.ork.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * The console's files, bundled into the CLI jar under {@code /console/} at build time (console/build.sh).
 * Unknown paths without a dot get {@code index.html} (the app routes them itself).
 */
final class ConsoleAssets {
  private ConsoleAssets() {}

  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
      "png", "image/png", "map", "application/json");

  static void serve(HttpExchange exchange, String path) throws IOException {
    if (!exchange.getRequestMethod().equalsIgnoreCase("GET") && !exchange.getRequestMethod().equalsIgnoreCase("HEAD")) {
      ServeServer.send(exchange, 405, "text/plain", "method not allowed");
      return;
    }
    var name = path.equals("/") || !path.substring(path.lastIndexOf('/') + 1).contains(".") ? "/index.html" : path;
    if (name.contains("..")) {
      ServeServer.send(exchange, 404, "text/plain", "not found");
      return;
    }
    try (var in = ConsoleAssets.class.getResourceAsStream("/console" + name)) {
      if (in == null) {
        ServeServer.send(exchange, 404, "text/plain", name.equals("/index.html")
            ? "the console was not built into this jar (console/build.sh needs Node.js and npm); the API is at /v1"
            : "not found");
        return;
      }
      var bytes = in.readAllBytes();
      var ext = name.substring(name.lastIndexOf('.') + 1);
      exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Content-Security-Policy",
          "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }
}
