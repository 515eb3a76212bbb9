package dev.ork.cli;

import dev.ork.core.compiler.WorkflowCompiler;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ork pool set <name> <slots>} and {@code ork pool list}: the named pools of a local database. */
@Command(name = "pool", description = "Set or list the named pools tasks take a slot of (`pool:` on a task).",
    subcommands = {PoolCommand.Set.class, PoolCommand.List.class})
public final class PoolCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(name = "set", description = "Set a pool's number of slots (tasks of every run share them).")
  static final class Set implements Callable<Integer> {
    @CommandLine.Mixin DbOption db;
    @CommandLine.Parameters(index = "0", paramLabel = "<name>") String name;
    @CommandLine.Parameters(index = "1", paramLabel = "<slots>") int slots;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      var err = spec.commandLine().getErr();
      if (!WorkflowCompiler.isPoolName(name)) {
        err.println("error: pool name '" + name + "' must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 64 characters)");
        return OrkCli.EXIT_INVALID;
      }
      if (slots < 1 || slots > WorkflowCompiler.MAX_LIMIT) {
        err.println("error: slots must be between 1 and " + WorkflowCompiler.MAX_LIMIT + ", got " + slots);
        return OrkCli.EXIT_INVALID;
      }
      try (var store = db.openOrCreate()) {
        store.slots.setSlots(name, slots);
        spec.commandLine().getOut().println("pool " + name + ": " + slots + " slots");
        return OrkCli.EXIT_OK;
      }
    }
  }

  @Command(name = "list", description = "List the pools, their slots and how many are in use.")
  static final class List implements Callable<Integer> {
    @CommandLine.Mixin DbOption db;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      try (var store = db.open()) {
        var pools = store.slots.pools();
        if (pools.isEmpty()) {
          out.println("no pools (a task's pool has 1 slot until `ork pool set <name> <slots>`)");
          return OrkCli.EXIT_OK;
        }
        out.println(String.format("%-24s %6s %6s", "POOL", "SLOTS", "IN USE"));
        for (var p : pools) out.println(String.format("%-24s %6d %6d", p.name(), p.slots(), p.inUse()));
        return OrkCli.EXIT_OK;
      }
    }
  }
}
