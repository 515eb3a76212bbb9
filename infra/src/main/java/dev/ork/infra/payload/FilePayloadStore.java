package dev.ork.infra.payload;

import dev.ork.core.payload.PayloadRef;
import dev.ork.core.port.PayloadStore;
import dev.ork.core.port.RunStore;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/**
 * The local payload store: files beside the SQLite database ({@code .ork/payloads/<run>/<task>/<attempt>/<sha256>.json}).
 * Written to a temporary file and moved into place, so a reader never sees half a payload; a file
 * already there holds the same bytes (its name is their digest). References name the file relative
 * to the database's folder ({@code file:payloads/...}), so the folder can move.
 */
public final class FilePayloadStore implements PayloadStore {
  private static final String SCHEME = "file:";
  private final Path base;

  /** @param base the folder holding the database; payloads go to its {@code payloads/} subfolder */
  public FilePayloadStore(Path base) {
    this.base = base.toAbsolutePath().normalize();
  }

  /** The store beside database file {@code db}. */
  public static FilePayloadStore besideDatabase(Path db) {
    var parent = db.toAbsolutePath().getParent();
    return new FilePayloadStore(parent);
  }

  public Path folder() {
    return base.resolve("payloads");
  }

  @Override
  public PayloadRef put(String runId, String taskName, int attempt, byte[] json) {
    var sha = PayloadRef.sha256(json);
    var key = PayloadRef.key(runId, taskName, attempt, sha);
    var file = base.resolve(key);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        var tmp = Files.createTempFile(file.getParent(), ".part-", ".json");
        try {
          Files.write(tmp, json);
          moveIntoPlace(tmp, file);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    } catch (IOException e) {
      throw new PayloadException("cannot write payload " + file + ": " + e, e);
    }
    return new PayloadRef(SCHEME + key, json.length, sha);
  }

  private static void moveIntoPlace(Path tmp, Path file) throws IOException {
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // a concurrent writer of the same digest won: the same bytes
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public byte[] get(PayloadRef ref) {
    var file = fileOf(ref);
    try {
      return PayloadStore.verified(ref, Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw PayloadStore.gone(ref);
    } catch (IOException e) {
      throw new PayloadException("cannot read payload " + file + ": " + e, e);
    }
  }

  /** The file a reference of this store names (refused when it points outside {@code payloads/}). */
  public Path fileOf(PayloadRef ref) {
    if (!ref.uri().startsWith(SCHEME + "payloads/")) throw new PayloadException("not a local payload: " + ref.uri());
    var file = base.resolve(ref.uri().substring(SCHEME.length())).normalize();
    if (!file.startsWith(folder())) throw new PayloadException("not a local payload: " + ref.uri());
    return file;
  }

  /**
   * Retention: removes the payloads of runs gone from the store, and of runs that finished more than
   * {@code retention} before {@code now} (what the S3 lifecycle rule does on AWS). Returns how many
   * runs' payloads were removed.
   */
  public int removeExpired(RunStore runs, Duration retention, Instant now) {
    var folder = folder();
    if (!Files.isDirectory(folder)) return 0;
    var cutoff = now.minus(retention);
    int removed = 0;
    try (var dirs = Files.list(folder)) {
      for (var dir : (Iterable<Path>) dirs::iterator) {
        var run = runs.run(dir.getFileName().toString());
        boolean expired = run.isEmpty()
            || (run.get().finishedAt() != null && run.get().finishedAt().isBefore(cutoff));
        if (expired && deleteTree(dir)) removed++;
      }
    } catch (IOException e) {
      throw new PayloadException("cannot list " + folder + ": " + e, e);
    }
    return removed;
  }

  private static boolean deleteTree(Path dir) throws IOException {
    try (var all = Files.walk(dir)) {
      for (var p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    }
    return true;
  }
}
