package dev.ork.infra.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.sqs.Envelope;
import dev.ork.infra.sqs.MessageCodec;
import dev.ork.infra.sqs.MessageDecodeException;
import java.time.Instant;

/**
 * The status queue's codec: writes Ork status envelopes ({@link MessageCodec#status()}) and reads
 * both those and the invocation records Lambda destinations deliver ({@link LambdaDestinationRecord}).
 */
public final class StatusMessageCodec implements MessageCodec<StatusUpdate> {

  private static final MessageCodec<StatusUpdate> ORK = MessageCodec.status();

  @Override
  public String type() {
    return ORK.type();
  }

  @Override
  public String encode(StatusUpdate message, Instant notBefore) {
    return ORK.encode(message, notBefore);
  }

  @Override
  public Envelope<StatusUpdate> decode(String body) throws MessageDecodeException {
    if (body != null && body.contains("\"requestContext\"")) {
      JsonNode root;
      try {
        root = LambdaExecutor.MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        throw new MessageDecodeException("message body is not JSON: " + e.getOriginalMessage(), e);
      }
      if (LambdaDestinationRecord.looksLikeOne(root)) {
        return new Envelope<>(LambdaDestinationRecord.decode(root), null);
      }
    }
    return ORK.decode(body);
  }
}
