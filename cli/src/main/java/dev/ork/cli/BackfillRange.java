package dev.ork.cli;

import picocli.CommandLine;

/** The options that name a backfill's range and cap, shared by {@code ork backfill} and {@code ork remote backfill}. */
public final class BackfillRange {
  @CommandLine.Option(names = "--from", required = true, paramLabel = "<instant>",
      description = "Start of the range, included (ISO-8601, e.g. 2026-01-01T00:00:00Z).")
  public String from;

  @CommandLine.Option(names = "--to", required = true, paramLabel = "<instant>", description = "End of the range, excluded.")
  public String to;

  @CommandLine.Option(names = "--max-active", paramLabel = "<n>",
      description = "How many of its runs may run at once (default: the workflow's max_active_runs, else 1).")
  public Integer maxActive;
}
