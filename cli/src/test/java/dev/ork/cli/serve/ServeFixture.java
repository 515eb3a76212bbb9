package dev.ork.cli.serve;

import dev.ork.core.port.Clock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An {@link OrkServer} on a free loopback port over a temp database, and raw HTTP to it (any Host header). */
final class ServeFixture implements AutoCloseable {
  final OrkServer server;
  final StringWriter log = new StringWriter();

  ServeFixture(Path db, List<Path> files, String token, Clock clock) throws IOException {
    server = new OrkServer(db, files, "127.0.0.1", 0, token, clock, null, new PrintWriter(log, true)); // ticks only when told
  }

  String api() {
    return "http://127.0.0.1:" + server.port() + "/v1";
  }

  String host() {
    return "127.0.0.1:" + server.port();
  }

  record Answer(int status, String body) {}

  /** One HTTP/1.1 request written by hand, so that Host and Origin can be anything. */
  Answer send(String method, String path, Map<String, String> headers, String body) throws IOException {
    try (var socket = new Socket("127.0.0.1", server.port())) {
      var bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      var head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      if (!headers.containsKey("Host")) head.append("Host: ").append(host()).append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
      var out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.flush();
      var raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(raw.substring(9, 12));
      int split = raw.indexOf("\r\n\r\n");
      return new Answer(status, split < 0 ? "" : raw.substring(split + 4));
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
