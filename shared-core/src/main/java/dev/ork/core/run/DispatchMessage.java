package dev.ork.core.run;

/** Asks a dispatcher to launch one attempt of one task. Idempotent per (run, task, attempt). */
public record DispatchMessage(String runId, String taskName, int attempt) {}
