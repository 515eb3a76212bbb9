package dev.ork.infra.process;

import dev.ork.core.port.LogStore;
import java.util.ArrayList;
import java.util.List;

/** Test double: keeps every append in order. */
final class InMemoryLogStore implements LogStore {
  record Entry(String runId, String task, int attempt, String stream, String text) {}

  private final List<Entry> entries = new ArrayList<>();

  @Override
  public synchronized void append(String runId, String taskName, int attempt, String stream, String text) {
    entries.add(new Entry(runId, taskName, attempt, stream, text));
  }

  @Override
  public synchronized String read(String runId, String taskName, int attempt) {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      if (e.runId.equals(runId) && e.task.equals(taskName) && (attempt == 0 || e.attempt == attempt)) {
        sb.append(e.text);
      }
    }
    return sb.toString();
  }

  /** One stream of one attempt. */
  synchronized String read(String runId, String taskName, int attempt, String stream) {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      if (e.runId.equals(runId) && e.task.equals(taskName) && e.attempt == attempt && e.stream.equals(stream)) {
        sb.append(e.text);
      }
    }
    return sb.toString();
  }
}
