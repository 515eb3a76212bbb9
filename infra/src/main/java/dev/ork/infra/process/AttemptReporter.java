package dev.ork.infra.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ork.core.port.Clock;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.StatusUpdate;
import java.io.IOException;

/** Sends the one {@link StatusUpdate} of a finished attempt: stopped, exit code, or the last ORK_OUTPUT line. */
final class AttemptReporter {

  static final String OUTPUT_PREFIX = "ORK_OUTPUT:";
  static final int MAX_ERROR_DETAIL = 500;

  private static final ObjectReader OUTPUT_READER =
      dev.ork.core.workflow.WorkflowJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final MessageQueue<StatusUpdate> statuses;
  private final Clock clock;
  private final AttemptRegistry attempts;

  AttemptReporter(MessageQueue<StatusUpdate> statuses, Clock clock, AttemptRegistry attempts) {
    this.statuses = statuses;
    this.clock = clock;
    this.attempts = attempts;
  }

  /** Reports the attempt unless it already was; a failure to send is printed and rethrown. */
  void finish(Attempt a, Process process) {
    if (!a.finished.compareAndSet(false, true)) {
      return;
    }
    var timer = a.drainTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    TaskLaunch l = a.launch;
    StatusUpdate update;
    String stopped = a.stopReason;
    if (stopped != null) {
      update = failed(a, "stopped: " + stopped);
    } else {
      int code = process.exitValue();
      if (code != 0) {
        String detail = a.lastStderrLine;
        update = failed(a, detail == null ? "exit code " + code : "exit code " + code + ": " + cap(detail.strip()));
      } else {
        update = succeeded(a, a.lastOutputLine);
      }
    }
    a.process = null;
    TaskInputFiles.delete(a.inputFile);
    attempts.remember(l.attemptId());
    try {
      statuses.send(update);
    } catch (RuntimeException e) {
      System.err.println("ork: cannot send the status of " + l.attemptId() + ": " + e);
      throw e;
    } finally {
      a.reported.complete(null);
    }
  }

  /** Exit 0: success with the output parsed from {@code line} (null: none), or failed if it is not JSON. */
  private StatusUpdate succeeded(Attempt a, String line) {
    TaskLaunch l = a.launch;
    if (line == null) {
      return new StatusUpdate(l.runId(), l.task().name(), l.attempt(), StatusUpdate.Kind.SUCCEEDED,
          null, null, a.executionId, clock.now());
    }
    String json = line.substring(OUTPUT_PREFIX.length()).strip();
    JsonNode output = null;
    String error = null;
    if (json.isEmpty()) {
      error = "invalid ORK_OUTPUT line: no JSON after the prefix";
    } else {
      try {
        output = OUTPUT_READER.readTree(json);
        if (output != null && (output.isNull() || output.isMissingNode())) {
          output = null;
        }
      } catch (IOException e) {
        String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        error = "invalid ORK_OUTPUT JSON: " + cap(msg == null ? e.toString() : msg.replace('\n', ' '));
      }
    }
    return error != null
        ? failed(a, error)
        : new StatusUpdate(l.runId(), l.task().name(), l.attempt(), StatusUpdate.Kind.SUCCEEDED,
            output, null, a.executionId, clock.now());
  }

  private StatusUpdate failed(Attempt a, String error) {
    TaskLaunch l = a.launch;
    return new StatusUpdate(l.runId(), l.task().name(), l.attempt(), StatusUpdate.Kind.FAILED,
        null, error, a.executionId, clock.now());
  }

  static String cap(String s) {
    return s.length() <= MAX_ERROR_DETAIL ? s : s.substring(0, MAX_ERROR_DETAIL) + "…";
  }
}
