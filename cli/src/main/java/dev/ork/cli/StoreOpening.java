package dev.ork.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens the local store on another thread while the workflow compiles (opening, or creating, the SQLite
 * file is ~40 ms of a 0.4 s `ork run`; compiling is as long, and the machine has a second core). When the
 * run does not go ahead, {@link #abandon} closes it and removes what opening it created, so an invalid
 * workflow still leaves no database behind.
 */
final class StoreOpening {
  private final Path db;
  private final boolean fileExisted;
  private final boolean folderExisted;
  private final CompletableFuture<LocalStore> store;

  private StoreOpening(Path db) {
    this.db = db;
    var folder = db.toAbsolutePath().getParent();
    this.fileExisted = Files.exists(db);
    this.folderExisted = folder == null || Files.exists(folder);
    this.store = CompletableFuture.supplyAsync(() -> LocalStore.open(db));
  }

  static StoreOpening start(Path db) {
    return new StoreOpening(db);
  }

  /** The opened store; what opening it threw, as it threw it. */
  LocalStore get() {
    try {
      return store.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }

  /** The run does not go ahead: closes the store and deletes the file (and folder) if opening made them. */
  void abandon() {
    try {
      store.join().close();
    } catch (RuntimeException e) {
      return; // it did not open: nothing of ours to remove
    }
    if (fileExisted) return;
    try {
      for (var suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(db + suffix));
      }
      var folder = db.toAbsolutePath().getParent();
      if (!folderExisted && folder != null) {
        try (var left = Files.list(folder)) {
          if (left.findAny().isEmpty()) Files.delete(folder);
        }
      }
    } catch (IOException ignored) {
      // an empty database left behind is harmless
    }
  }
}
