package dev.ork.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.payload.PayloadRef;
import dev.ork.core.port.PayloadStore;
import dev.ork.core.port.PayloadStore.PayloadException;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.run.TaskPatch;
import dev.ork.core.workflow.WorkflowJson;
import java.nio.charset.StandardCharsets;

/**
 * The claim check: an output over the inline limit ({@link EngineSettings#maxOutputBytes}) is stored
 * in the {@link PayloadStore} and a {@link PayloadRef} is stored in its place; reading an output for a
 * ref, a foreach list or a check resolves the references in it (nested ones too: a foreach task's
 * output lists its instances' outputs, each possibly a reference).
 */
public final class Payloads {
  private final PayloadStore store;
  private final EngineSettings settings;

  Payloads(PayloadStore store, EngineSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  PayloadStore store() {
    return store;
  }

  /** The patch as it is stored: its output moved out of line when over the inline limit. */
  TaskPatch encode(String runId, String taskName, int attempt, TaskPatch patch) {
    var output = patch.output();
    if (output == null || output.isNull() || PayloadRef.isRef(output) || !store.supported()) return patch;
    var bytes = bytes(output);
    if (bytes.length <= settings.maxOutputBytes()) return patch;
    int applied = patch.attempt() != null ? patch.attempt() : attempt;
    return patch.output(store.put(runId, taskName, applied, bytes).toJson());
  }

  /** The value with every reference in it replaced by what it refers to. */
  JsonNode resolve(JsonNode stored) {
    if (stored == null) return null;
    var ref = PayloadRef.of(stored);
    if (ref.isPresent()) return read(ref.get());
    if (!containsRef(stored)) return stored;
    if (stored.isArray()) {
      var copy = ((ArrayNode) stored).arrayNode(stored.size());
      stored.forEach(e -> copy.add(resolve(e)));
      return copy;
    }
    var copy = ((ObjectNode) stored).objectNode();
    stored.fields().forEachRemaining(f -> copy.set(f.getKey(), resolve(f.getValue())));
    return copy;
  }

  /**
   * An executor's report whose output is a reference (the producer stored it, e.g. a Lambda handler
   * over the invoke limit) carries the value instead, so it is checked like any output; a reference
   * that cannot be read fails the attempt with the reason.
   */
  StatusUpdate resolveReported(StatusUpdate u) {
    if (u.kind() != StatusUpdate.Kind.SUCCEEDED || !containsRef(u.output())) return u;
    try {
      checkOwnAttempt(u.output(), PayloadRef.attemptPrefix(u.runId(), u.taskName(), u.attempt()));
      var value = resolve(u.output());
      return new StatusUpdate(u.runId(), u.taskName(), u.attempt(), u.kind(), value, null, u.executionId(), u.at());
    } catch (PayloadException | IllegalArgumentException e) {
      return new StatusUpdate(u.runId(), u.taskName(), u.attempt(), StatusUpdate.Kind.FAILED, null,
          "the output reference could not be read: " + e.getMessage(), u.executionId(), u.at());
    }
  }

  /** A producer may only point at its own attempt's payloads (the upload location it was given). */
  private static void checkOwnAttempt(JsonNode node, String prefix) {
    var ref = PayloadRef.of(node);
    if (ref.isPresent()) {
      if (!ref.get().uri().contains(prefix)) {
        throw new PayloadException(ref.get().uri() + " is not under this attempt's " + prefix + " (report the location you were given)");
      }
      return;
    }
    if (node != null && node.isContainerNode()) for (var e : node) checkOwnAttempt(e, prefix);
  }

  private JsonNode read(PayloadRef ref) {
    if (ref.size() > settings.maxPayloadBytes()) {
      throw new PayloadException(ref.uri() + " is " + ref.size() + " bytes, over the " + settings.maxPayloadBytes() + "-byte limit");
    }
    try {
      return WorkflowJson.MAPPER.readTree(store.get(ref));
    } catch (java.io.IOException e) {
      throw new PayloadException(ref.uri() + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static boolean containsRef(JsonNode node) {
    if (node == null || !node.isContainerNode()) return false;
    if (PayloadRef.isRef(node)) return true;
    for (var e : node) if (containsRef(e)) return true;
    return false;
  }

  static byte[] bytes(JsonNode value) {
    try {
      return WorkflowJson.MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalArgumentException("not serialisable: " + e.getMessage(), e);
    }
  }
}
