package dev.ork.core.testing;

import dev.ork.core.payload.PayloadRef;
import dev.ork.core.port.PayloadStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Payloads in a map, content-addressed like the real stores; {@link #objects} shows what was written. */
public final class InMemoryPayloadStore implements PayloadStore {
  public final Map<String, byte[]> objects = new ConcurrentHashMap<>();

  @Override
  public PayloadRef put(String runId, String taskName, int attempt, byte[] json) {
    var sha = PayloadRef.sha256(json);
    var uri = "mem:" + PayloadRef.key(runId, taskName, attempt, sha);
    objects.putIfAbsent(uri, json.clone());
    return new PayloadRef(uri, json.length, sha);
  }

  @Override
  public byte[] get(PayloadRef ref) {
    var bytes = objects.get(ref.uri());
    if (bytes == null) throw PayloadStore.gone(ref);
    return PayloadStore.verified(ref, bytes.clone());
  }
}
