package dev.ork.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.compiler.WorkflowCompiler;
import dev.ork.core.port.SlotStore;

/** {@code GET /pools} and {@code PUT /pools/{name}} {@code {"slots": N}}: the named pools (docs/api.md). */
final class PoolRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SlotStore slots;

  PoolRoutes(SlotStore slots) {
    this.slots = slots;
  }

  ApiRoutes.Response handle(String method, String[] parts, String body) {
    if (parts.length == 1) {
      if (!method.equals("GET")) throw new ApiError(405, "method_not_allowed", method + " is not allowed here (allowed: GET)");
      var root = JSON.createObjectNode();
      var list = root.putArray("pools");
      for (var p : slots.pools()) list.add(node(p.name(), p.slots(), p.inUse()));
      return new ApiRoutes.Response(200, root);
    }
    if (parts.length != 2) throw ApiError.notFound("no route /" + String.join("/", parts));
    if (!method.equals("PUT")) throw new ApiError(405, "method_not_allowed", method + " is not allowed here (allowed: PUT)");
    var name = parts[1];
    if (!WorkflowCompiler.isPoolName(name)) {
      throw ApiError.invalidInput("pool name '" + name + "' must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 64 characters)");
    }
    JsonNode request;
    try {
      request = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (Exception e) {
      throw ApiError.invalidInput("the body must be JSON like {\"slots\": 4}");
    }
    var n = request.path("slots");
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > WorkflowCompiler.MAX_LIMIT) {
      throw ApiError.invalidInput("slots must be an integer between 1 and " + WorkflowCompiler.MAX_LIMIT);
    }
    slots.setSlots(name, n.asInt());
    int inUse = slots.holders(name, n.asInt()).size();
    var root = JSON.createObjectNode();
    root.set("pool", node(name, n.asInt(), inUse));
    return new ApiRoutes.Response(200, root);
  }

  private static JsonNode node(String name, int size, int inUse) {
    var n = JSON.createObjectNode();
    n.put("name", name);
    n.put("slots", size);
    n.put("inUse", inUse);
    return n;
  }
}
