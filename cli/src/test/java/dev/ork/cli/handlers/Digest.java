package dev.ork.cli.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/** A task Lambda handler for the large-payload tests: the sha256 and length of {@code inputs.blob}. */
public final class Digest implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    var blob = String.valueOf(((Map<String, Object>) event.get("inputs")).get("blob"));
    try {
      var sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob.getBytes(StandardCharsets.UTF_8)));
      return Map.of("sha256", sha, "chars", blob.length());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
