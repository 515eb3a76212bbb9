package dev.ork.infra.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.run.DispatchMessage;
import dev.ork.core.run.StatusUpdate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/** The JSON codecs for Ork's queue messages (envelope version 1). */
final class MessageCodecs {
  private MessageCodecs() {}

  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  static final MessageCodec<DispatchMessage> DISPATCH = new Json<>("dispatch") {
    @Override
    void write(DispatchMessage m, ObjectNode n) {
      n.put("runId", m.runId());
      n.put("taskName", m.taskName());
      n.put("attempt", m.attempt());
    }

    @Override
    DispatchMessage read(Fields f) {
      return new DispatchMessage(f.requiredText("runId"), f.requiredText("taskName"), f.requiredInt("attempt"));
    }
  };

  static final MessageCodec<StatusUpdate> STATUS = new Json<>("status") {
    @Override
    void write(StatusUpdate m, ObjectNode n) {
      n.put("runId", m.runId());
      if (m.taskName() != null || m.kind() != StatusUpdate.Kind.WATCHDOG) n.put("taskName", m.taskName()); // a run's watchdog names none
      n.put("attempt", m.attempt());
      n.put("kind", m.kind() == null ? null : m.kind().name());
      // Java null is omitted; a JSON null output (NullNode) is written as null and read back as NullNode.
      if (m.output() != null) n.set("output", m.output());
      if (m.error() != null) n.put("error", m.error());
      if (m.executionId() != null) n.put("executionId", m.executionId());
      if (m.at() != null) n.put("at", m.at().toString());
    }

    @Override
    StatusUpdate read(Fields f) {
      String kind = f.requiredText("kind");
      StatusUpdate.Kind k;
      try {
        k = StatusUpdate.Kind.valueOf(kind);
      } catch (IllegalArgumentException e) {
        throw new MessageDecodeException("field 'kind' is '" + kind + "', expected one of "
            + Arrays.toString(StatusUpdate.Kind.values()));
      }
      var taskName = k == StatusUpdate.Kind.WATCHDOG ? f.optionalText("taskName") : f.requiredText("taskName");
      return new StatusUpdate(f.requiredText("runId"), taskName, f.requiredInt("attempt"), k,
          f.node.has("output") ? f.node.get("output") : null,
          f.optionalText("error"), f.optionalText("executionId"), f.optionalInstant("at"));
    }
  };

  abstract static class Json<T> implements MessageCodec<T> {
    private final String type;

    Json(String type) {
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }

    abstract void write(T message, ObjectNode node);

    abstract T read(Fields fields);

    @Override
    public String encode(T message, Instant notBefore) {
      if (message == null) throw new IllegalArgumentException("cannot encode a null " + type + " message");
      ObjectNode n = MAPPER.createObjectNode();
      n.put("v", VERSION);
      n.put("type", type);
      write(message, n);
      if (notBefore != null) n.put("notBefore", notBefore.toString());
      try {
        return MAPPER.writeValueAsString(n);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot encode " + type + " message: " + e.getOriginalMessage(), e);
      }
    }

    @Override
    public Envelope<T> decode(String body) {
      if (body == null || body.isBlank()) throw new MessageDecodeException("message body is empty");
      JsonNode root;
      try {
        root = MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        throw new MessageDecodeException("message body is not JSON: " + e.getOriginalMessage(), e);
      }
      if (root == null || !root.isObject()) {
        throw new MessageDecodeException("message body is not a JSON object");
      }
      JsonNode v = root.get("v");
      if (v == null || v.isNull()) throw new MessageDecodeException("missing envelope version field 'v'");
      if (!v.isInt()) throw new MessageDecodeException("envelope version 'v' must be an integer, got " + v);
      if (v.intValue() != VERSION) {
        throw new MessageDecodeException("unsupported envelope version v=" + v.intValue() + " (this build reads v=" + VERSION + ")");
      }
      JsonNode t = root.get("type");
      if (t == null || t.isNull()) throw new MessageDecodeException("missing envelope field 'type'");
      if (!t.isTextual()) throw new MessageDecodeException("envelope field 'type' must be a string, got " + t);
      if (!type.equals(t.textValue())) {
        throw new MessageDecodeException("unknown or unexpected message type '" + t.textValue() + "' (this queue carries '" + type + "')");
      }
      var f = new Fields((ObjectNode) root);
      T message = read(f);
      return new Envelope<>(message, f.optionalInstant("notBefore"));
    }
  }

  static final class Fields {
    final ObjectNode node;

    Fields(ObjectNode node) {
      this.node = node;
    }

    String requiredText(String name) {
      JsonNode n = node.get(name);
      if (n == null || n.isNull()) throw new MessageDecodeException("missing field '" + name + "'");
      if (!n.isTextual()) throw new MessageDecodeException("field '" + name + "' must be a string, got " + n);
      return n.textValue();
    }

    int requiredInt(String name) {
      JsonNode n = node.get(name);
      if (n == null || n.isNull()) throw new MessageDecodeException("missing field '" + name + "'");
      if (!n.isInt()) throw new MessageDecodeException("field '" + name + "' must be an integer, got " + n);
      return n.intValue();
    }

    String optionalText(String name) {
      JsonNode n = node.get(name);
      if (n == null || n.isNull()) return null;
      if (!n.isTextual()) throw new MessageDecodeException("field '" + name + "' must be a string or null, got " + n);
      return n.textValue();
    }

    Instant optionalInstant(String name) {
      String s = optionalText(name);
      if (s == null) return null;
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw new MessageDecodeException("field '" + name + "' is not an ISO-8601 instant: '" + s + "'");
      }
    }
  }
}
