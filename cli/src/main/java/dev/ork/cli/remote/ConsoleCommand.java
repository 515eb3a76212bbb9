package dev.ork.cli.remote;

import com.sun.net.httpserver.HttpExchange;
import dev.ork.cli.serve.ServeServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ork remote console}: the console on this machine for a deployed Ork. Its API calls go to a
 * loopback proxy that signs each with your AWS credentials (SigV4, as the other remote verbs) and sends
 * it to the deployed API: nothing new is exposed on AWS. No live stream there: the run page polls.
 */
@Command(name = "console", description = "Serve the console on this machine for a deployed Ork: its API calls are "
    + "proxied to the API and signed with your AWS credentials.")
public final class ConsoleCommand extends RemoteVerb {
  @CommandLine.Option(names = "--port", description = "Local port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 8080;
  @Override
  int call(OrkApi api) {
    try (var server = open(api, port)) {
      out().println("ork remote console: http://127.0.0.1:" + server.port() + "/ for " + api.base() + " (Ctrl-C stops)");
      out().flush();
      var stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
      return 0;
    } catch (IOException e) {
      throw ApiProblem.setup("cannot_listen", "cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")", "pick another --port");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** {@link #open} for the API at {@code apiUrl} (credentials and region as for the other verbs). */
  public static ServeServer openFor(String apiUrl, int port) throws IOException {
    var options = new ApiOptions();
    options.api = apiUrl;
    return open(options.connect(), port);
  }

  /** The console plus the signing proxy, on loopback (the same Host/Origin guard as `ork serve`). */
  static ServeServer open(OrkApi api, int port) throws IOException {
    return new ServeServer("127.0.0.1", port, null, (exchange, path) -> forward(api, exchange, path));
  }

  private static void forward(OrkApi api, HttpExchange exchange, String path) throws IOException {
    var method = exchange.getRequestMethod();
    var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    var type = exchange.getRequestHeaders().getFirst("Content-Type");
    var key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    try {
      var answer = api.exchange(method, path, ServeServer.query(exchange.getRequestURI().getRawQuery()),
          body.isEmpty() ? null : body, body.isEmpty() ? null : type, key == null ? Map.of() : Map.of("Idempotency-Key", key));
      ServeServer.send(exchange, answer.statusCode(), "application/json", answer.body());
    } catch (ApiProblem p) {
      ServeServer.send(exchange, 502, "application/json", "{\"error\":{\"code\":" + OrkApi.JSON.valueToTree(p.code)
          + ",\"message\":" + OrkApi.JSON.valueToTree(p.getMessage()) + "}}");
    }
  }
}
