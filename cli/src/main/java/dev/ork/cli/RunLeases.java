package dev.ork.cli;

import dev.ork.core.run.Run;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which {@code ork run} owns a run. Each {@code ork run} holds an OS lock on {@code owners/<token>.lock}
 * beside the database for its whole life and starts its runs with {@code triggeredBy = "cli:<token>"};
 * the OS drops the lock when the process ends, however it ends (kill -9, power loss), so a run that is
 * still unfinished while nobody holds its lock was orphaned. The owner removes its file when it ends;
 * whoever reaps or takes over an orphaned run removes the dead owner's.
 */
final class RunLeases {
  static final String PREFIX = "cli:";
  private static final Pattern TOKEN = Pattern.compile("[0-9]+-[0-9a-f]{12}");

  private final Path dir;

  RunLeases(Path dbFile) {
    var parent = dbFile.toAbsolutePath().getParent();
    this.dir = (parent == null ? Path.of(".") : parent).resolve("owners");
  }

  /** A new lease for this process, held until closed. */
  Lease acquire() throws IOException {
    Files.createDirectories(dir);
    var token = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    var file = dir.resolve(token + ".lock");
    var channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new Lease(PREFIX + token, file, channel, channel.lock());
  }

  /** True when {@code run} is unfinished and was started by an {@code ork run} that no longer runs. */
  boolean orphaned(Run run) {
    var token = token(run);
    if (run.status().isTerminal() || token == null) return false;
    var file = dir.resolve(token + ".lock");
    if (!Files.exists(file)) return true;
    try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      var lock = channel.tryLock();
      if (lock == null) return false;
      lock.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // held by this very JVM
    } catch (IOException e) {
      return false; // cannot tell: assume alive
    }
  }

  /**
   * Removes the lock file of {@code run}'s owner, once {@link #orphaned} found that owner dead (it can
   * never lock it again: tokens are not reused). Best effort: a file left behind only costs a name.
   */
  void removeDeadOwner(Run run) {
    var token = token(run);
    if (token == null) return;
    try {
      Files.deleteIfExists(dir.resolve(token + ".lock"));
    } catch (IOException e) {
      // another reaper removed it, or the folder is read-only: harmless
    }
  }

  /** The pid of the {@code ork run} that started {@code run}, or -1. */
  static long ownerPid(Run run) {
    var token = token(run);
    return token == null ? -1 : Long.parseLong(token.substring(0, token.indexOf('-')));
  }

  /** The lease token in the run's triggeredBy, or null when an `ork run` did not start it. */
  private static String token(Run run) {
    var by = run.triggeredBy();
    if (by == null || !by.startsWith(PREFIX)) return null;
    var token = by.substring(PREFIX.length());
    return TOKEN.matcher(token).matches() ? token : null;
  }

  record Lease(String triggeredBy, Path file, FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      lock.release();
      channel.close();
      Files.deleteIfExists(file);
    }
  }
}
