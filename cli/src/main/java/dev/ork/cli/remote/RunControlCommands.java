package dev.ork.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.cli.OrkCli;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork remote cancel|pause|resume|rerun <run>}: POST /runs/{id}/{action}. Exit 2 unknown run, 1 when its state forbids it. */
final class RunControlCommands {
  private RunControlCommands() {}

  abstract static class Control extends RemoteVerb {
    @CommandLine.Parameters(paramLabel = "<run>", description = "The run id.") String runId;

    abstract String action();

    JsonNode body() {
      return null;
    }

    @Override
    int call(OrkApi api) {
      var run = api.post("/runs/" + OrkApi.encode(runId) + "/" + action(), body(), Map.of()).path("run");
      out().println("run " + run.path("runId").asText() + " " + run.path("status").asText());
      return OrkCli.EXIT_OK;
    }
  }

  @Command(name = "cancel", description = "Cancel a run: unfinished tasks are cancelled, running ones stopped.")
  static final class Cancel extends Control {
    @CommandLine.Option(names = "--reason", description = "Recorded as the run's error.") String reason;

    @Override
    String action() {
      return "cancel";
    }

    @Override
    JsonNode body() {
      return reason == null ? null : OrkApi.JSON.createObjectNode().put("reason", reason);
    }
  }

  @Command(name = "pause", description = "Pause a running run: running tasks finish, no new task starts.")
  static final class Pause extends Control {
    @Override
    String action() {
      return "pause";
    }
  }

  @Command(name = "rerun", description = "Rerun a finished run in place: its tasks that did not succeed run again "
      + "(attempt numbers continue); succeeded tasks keep their outputs.")
  static final class Rerun extends Control {
    @CommandLine.Option(names = "--task", paramLabel = "<task>", description = "Run this task again, and its descendants that did not succeed.")
    String task;

    @CommandLine.Option(names = "--downstream", description = "With --task: run all of its descendants again too.")
    boolean downstream;

    @Override
    String action() {
      return "rerun";
    }

    @Override
    JsonNode body() {
      var body = OrkApi.JSON.createObjectNode();
      if (task != null) body.put("task", task);
      if (downstream) body.put("downstream", true);
      return body;
    }
  }

  @Command(name = "resume", description = "Resume a paused run.")
  static final class Resume extends Control {
    @Override
    String action() {
      return "resume";
    }
  }
}
