package dev.ork.cli.remote;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork remote …}: the same workflows, on a deployed Ork through its HTTP API (SigV4-signed). */
@Command(name = "remote", scope = CommandLine.ScopeType.INHERIT, description = {"Work with a deployed Ork through its HTTP API (docs/api.md).",
    "Set ORK_API_URL (or --api) to the stack's ApiUrl output; AWS credentials come from the usual places "
        + "(AWS_PROFILE, AWS_ACCESS_KEY_ID…)."},
    subcommands = {RegisterCommand.class, WorkflowsCommand.class, StartCommand.class, RunsCommand.class, StatusCommand.class,
      RunControlCommands.Cancel.class, RunControlCommands.Pause.class, RunControlCommands.Resume.class,
      RunControlCommands.Rerun.class, ScheduleCommand.class, BackfillCommands.Create.class, BackfillCommands.Listing.class,
      BackfillCommands.Status.class, BackfillCommands.Cancel.class, ConsoleCommand.class})
public final class RemoteCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Also accepted before the verb ({@code ork remote --api URL status …}); the verb's own wins. */
  @CommandLine.Mixin ApiOptions options;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
