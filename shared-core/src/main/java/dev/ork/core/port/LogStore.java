package dev.ork.core.port;

/** Captured stdout/stderr of task attempts. */
public interface LogStore {

  void append(String runId, String taskName, int attempt, String stream, String text);

  /** The log of one attempt, or of all attempts in order when {@code attempt} is 0. */
  String read(String runId, String taskName, int attempt);
}
