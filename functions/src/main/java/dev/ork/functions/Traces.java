package dev.ork.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * X-Ray subsegments with the run id, task and attempt as annotations, without the X-Ray SDK: with
 * active tracing Lambda opens the invocation's segment and runs a daemon; a subsegment is one JSON
 * document sent to it over UDP (AWS_XRAY_DAEMON_ADDRESS), naming the invocation's trace id and parent
 * (the trace header). Outside a sampled Lambda invocation nothing is sent. Fire and forget: a lost
 * datagram loses a subsegment, never a message.
 */
final class Traces {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom IDS = new SecureRandom();
  private static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";

  private Traces() {}

  record Context(String traceId, String parentId, InetSocketAddress daemon) {}

  /** The current invocation's trace context, or null when it is not traced (or not sampled). */
  static Context current() {
    var header = System.getProperty("com.amazonaws.xray.traceHeader", System.getenv("_X_AMZN_TRACE_ID"));
    var daemon = System.getenv("AWS_XRAY_DAEMON_ADDRESS");
    return parse(header, daemon);
  }

  static Context parse(String header, String daemon) {
    if (header == null || daemon == null) return null;
    String root = null, parent = null, sampled = null;
    for (var part : header.split(";")) {
      var kv = part.trim().split("=", 2);
      if (kv.length != 2) continue;
      switch (kv[0]) {
        case "Root" -> root = kv[1];
        case "Parent" -> parent = kv[1];
        case "Sampled" -> sampled = kv[1];
        default -> { }
      }
    }
    if (root == null || parent == null || !"1".equals(sampled)) return null;
    // "169.254.79.129:2000" or "tcp:169.254.79.129:2000 udp:169.254.79.129:2000"
    String udp = daemon.trim();
    for (var a : daemon.trim().split("\\s+")) if (a.startsWith("udp:")) udp = a.substring(4);
    int colon = udp.lastIndexOf(':');
    if (colon < 0) return null;
    return new Context(root, parent, new InetSocketAddress(udp.substring(0, colon), Integer.parseInt(udp.substring(colon + 1))));
  }

  /** Sends one subsegment {@code name} spanning start..end (epoch seconds) with the run annotations. */
  static void subsegment(Context ctx, String name, double start, double end, String runId, String task, int attempt,
      boolean fault) {
    if (ctx == null) return;
    var doc = JSON.createObjectNode().put("name", name).put("id", HexFormat.of().formatHex(randomId()))
        .put("trace_id", ctx.traceId()).put("parent_id", ctx.parentId()).put("type", "subsegment")
        .put("start_time", start).put("end_time", end);
    if (fault) doc.put("fault", true);
    var annotations = doc.putObject("annotations");
    if (runId != null) annotations.put("run_id", runId);
    if (task != null) annotations.put("task", task);
    if (attempt > 0) annotations.put("attempt", attempt);
    var bytes = (HEADER + doc).getBytes(StandardCharsets.UTF_8);
    try (var socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(bytes, bytes.length, ctx.daemon()));
    } catch (IOException | RuntimeException e) {
      // tracing is best effort
    }
  }

  private static byte[] randomId() {
    var id = new byte[8];
    IDS.nextBytes(id);
    return id;
  }
}
