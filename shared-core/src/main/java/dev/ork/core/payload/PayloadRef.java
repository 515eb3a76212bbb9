package dev.ork.core.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The small value kept inline in place of an output stored out of line:
 * {@code {"$ork_payload": {"uri": ..., "size": ..., "sha256": ...}}}. {@code size} counts the UTF-8
 * bytes of the value's JSON; {@code sha256} is their hex digest.
 */
public record PayloadRef(String uri, long size, String sha256) {
  public static final String FIELD = "$ork_payload";

  /** The key a store files an attempt's payload under: {@code payloads/<run>/<task>/<attempt>/<sha256>.json}. */
  public static String key(String runId, String taskName, int attempt, String sha256) {
    return "payloads/" + segment(runId) + "/" + segment(taskName) + "/" + attempt + "/" + sha256 + ".json";
  }

  /** The key prefix of one attempt's payloads (what a Lambda handler may write under). */
  public static String attemptPrefix(String runId, String taskName, int attempt) {
    return "payloads/" + segment(runId) + "/" + segment(taskName) + "/" + attempt + "/";
  }

  /** Instance names ({@code t[3]}) become {@code t.3}: keys and file names without brackets. */
  static String segment(String name) {
    return name.replace('[', '.').replace("]", "");
  }

  public static boolean isRef(JsonNode node) {
    return node != null && node.isObject() && node.size() == 1 && node.has(FIELD) && node.get(FIELD).isObject();
  }

  /** The reference in {@code node}, or empty when it is an inline value. */
  public static Optional<PayloadRef> of(JsonNode node) {
    if (!isRef(node)) return Optional.empty();
    var r = node.get(FIELD);
    var uri = r.path("uri");
    var size = r.path("size");
    var sha = r.path("sha256");
    if (!uri.isTextual() || !size.canConvertToLong() || !sha.isTextual()) {
      throw new IllegalArgumentException(FIELD + " needs a string uri, a number size and a string sha256; got " + r);
    }
    return Optional.of(new PayloadRef(uri.textValue(), size.longValue(), sha.textValue()));
  }

  public ObjectNode toJson() {
    var n = JsonNodeFactory.instance.objectNode();
    n.putObject(FIELD).put("uri", uri).put("size", size).put("sha256", sha256);
    return n;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
