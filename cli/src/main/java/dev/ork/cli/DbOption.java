package dev.ork.cli;

import java.nio.file.Path;
import picocli.CommandLine;

/** The {@code --db} option shared by the commands that read the local store. */
final class DbOption {
  @CommandLine.Option(names = "--db", paramLabel = "<file>", description = "SQLite database (default: .ork/ork.db).")
  Path db = Path.of(LocalStore.DEFAULT_DB);

  /** Opens the store; a missing database means nothing has run here yet. */
  LocalStore open() {
    if (!db.toFile().exists()) {
      throw new UserError("no Ork database at " + db + ": nothing has run here yet (run `ork run <flow.yaml>` first, or pass --db)");
    }
    return LocalStore.open(db);
  }

  /** Opens the store, creating the database if there is none yet (settings made before any run). */
  LocalStore openOrCreate() {
    try {
      var parent = db.toAbsolutePath().getParent();
      if (parent != null) java.nio.file.Files.createDirectories(parent);
    } catch (java.io.IOException e) {
      throw new UserError("cannot create the folder of " + db + ": " + e.getMessage());
    }
    return LocalStore.open(db);
  }

  /** Opens the store after cancelling runs whose `ork run` died (notes on {@code err}). */
  LocalStore openRepaired(java.io.PrintWriter err) {
    var store = open();
    try {
      OrphanedRuns.repair(store, new RunLeases(db), err);
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }
}
