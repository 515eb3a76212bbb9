package dev.ork.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A minimal Lambda Runtime API (2018-06-01) on a raw {@link ServerSocket}: hands out one event on the first
 * {@code GET /runtime/invocation/next}, takes its {@code /response} or {@code /error}, and leaves every later
 * {@code next} hanging (as Lambda freezes the sandbox). Headers are written with exact case: the runtime
 * interface client's native HTTP client crashes on the lower-cased names JDK HttpServer produces
 * (docs/../local-aws guide, section 5).
 */
final class RuntimeApiStub implements AutoCloseable {
  static final String PREFIX = "/2018-06-01/runtime/";

  /** What happened, as System.nanoTime() stamps (0 = not yet). */
  volatile long firstNextNs, servedNs, answeredNs;
  volatile String outcome; // "response" / "error" / "init-error"
  volatile String answerBody;
  final CompletableFuture<Void> answered = new CompletableFuture<>();
  /** Called on the first GET next, before the event is written (e.g. to snapshot a class-load log). */
  volatile Runnable onFirstNext = () -> { };

  private final ServerSocket server;
  private final String event;
  private final String requestId = "req-1";
  private volatile boolean served;

  RuntimeApiStub(String event) throws IOException {
    this.event = event;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    var t = new Thread(this::acceptLoop, "runtime-api-stub");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        var s = server.accept();
        var t = new Thread(() -> serve(s), "runtime-api-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s; var in = s.getInputStream(); var out = s.getOutputStream()) {
      while (true) {
        var head = readHead(in);
        if (head == null) return;
        var lines = head.split("\r\n");
        var parts = lines[0].split(" ");
        var method = parts[0];
        var path = parts[1];
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
          int c = lines[i].indexOf(':');
          if (c > 0) headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        byte[] body = new byte[0];
        var len = headers.get("content-length");
        if (len != null) body = in.readNBytes(Integer.parseInt(len));
        else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = readChunked(in);
        handle(method, path, body, out);
      }
    } catch (IOException | RuntimeException e) {
      // connection closed (the JVM under test was stopped)
    }
  }

  private void handle(String method, String path, byte[] body, OutputStream out) throws IOException {
    if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
      if (served) {
        try {
          Thread.sleep(Long.MAX_VALUE); // frozen until the process is stopped
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      firstNextNs = System.nanoTime();
      onFirstNext.run();
      served = true;
      var headers = new LinkedHashMap<String, String>();
      headers.put("Lambda-Runtime-Aws-Request-Id", requestId);
      headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
      headers.put("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bench");
      headers.put("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
      servedNs = System.nanoTime();
      write(out, 200, headers, event.getBytes(StandardCharsets.UTF_8));
    } else if (method.equals("POST") && path.startsWith(PREFIX + "invocation/")) {
      var kind = path.endsWith("/response") ? "response" : "error";
      write(out, 202, Map.of(), "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
      answer(kind, body);
    } else if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
      write(out, 202, Map.of(), "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
      answer("init-error", body);
    } else {
      write(out, 404, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void answer(String kind, byte[] body) {
    answeredNs = System.nanoTime();
    outcome = kind;
    answerBody = new String(body, StandardCharsets.UTF_8);
    answered.complete(null);
  }

  private static void write(OutputStream out, int status, Map<String, String> headers, byte[] body) throws IOException {
    var sb = new StringBuilder("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : status == 202 ? " Accepted" : " Not Found")
        .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static String readHead(InputStream in) throws IOException {
    var buf = new ByteArrayOutputStream();
    int state = 0;
    while (true) {
      int b = in.read();
      if (b < 0) return null;
      buf.write(b);
      state = switch (state) {
        case 0, 2 -> b == '\r' ? state + 1 : 0;
        case 1 -> b == '\n' ? 2 : 0;
        case 3 -> b == '\n' ? 4 : 0;
        default -> 0;
      };
      if (state == 4) return buf.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    var body = new ByteArrayOutputStream();
    while (true) {
      var line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') if (b != '\r') line.append((char) b);
      int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
      if (size == 0) {
        while ((b = in.read()) >= 0 && b != '\n') { } // trailing CRLF
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      in.read();
      in.read();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
