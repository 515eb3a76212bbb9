package dev.ork.infra.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.core.run.StatusUpdate;
import dev.ork.infra.ecs.EcsTaskOutputs;
import dev.ork.infra.ecs.EcsTaskStateChange;
import dev.ork.infra.sqs.Envelope;
import dev.ork.infra.sqs.MessageCodec;
import dev.ork.infra.sqs.MessageDecodeException;
import java.time.Instant;

/**
 * The status queue's codec: writes Ork status envelopes ({@link MessageCodec#status()}) and reads
 * those, the invocation records Lambda destinations deliver ({@link LambdaDestinationRecord}) and the
 * EventBridge {@code ECS Task State Change} events of Ork's Fargate tasks ({@link EcsTaskStateChange};
 * a succeeded container's output is read through {@link EcsTaskOutputs}, which may throw a
 * {@link dev.ork.infra.sqs.TransientException}).
 */
public final class StatusMessageCodec implements MessageCodec<StatusUpdate> {

  private static final MessageCodec<StatusUpdate> ORK = MessageCodec.status();
  private final EcsTaskOutputs ecsOutputs;
  private final dev.ork.infra.ecs.EcsTaskIndex ecsTasks;

  /** Without ECS output reading: a succeeded ECS task has no output. */
  public StatusMessageCodec() {
    this(EcsTaskOutputs.none());
  }

  public StatusMessageCodec(EcsTaskOutputs ecsOutputs) {
    this(ecsOutputs, dev.ork.infra.ecs.EcsTaskIndex.none());
  }

  /** Also matching ECS events without Ork's overrides by the task ARN / startedBy recorded at launch. */
  public StatusMessageCodec(EcsTaskOutputs ecsOutputs, dev.ork.infra.ecs.EcsTaskIndex ecsTasks) {
    this.ecsOutputs = java.util.Objects.requireNonNull(ecsOutputs, "ecsOutputs");
    this.ecsTasks = java.util.Objects.requireNonNull(ecsTasks, "ecsTasks");
  }

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
    if (body != null && body.contains(EcsTaskStateChange.DETAIL_TYPE)) {
      JsonNode root = tree(body);
      if (EcsTaskStateChange.looksLikeOne(root)) {
        return new Envelope<>(EcsTaskStateChange.decode(root, ecsOutputs, ecsTasks), null);
      }
    }
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

  private static JsonNode tree(String body) {
    try {
      return LambdaExecutor.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MessageDecodeException("message body is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
