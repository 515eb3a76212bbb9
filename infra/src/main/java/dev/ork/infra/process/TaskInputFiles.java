package dev.ork.infra.process;

import dev.ork.core.port.TaskExecutor.LaunchException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code ORK_INPUT_FILE} of each attempt: its input JSON in a file of its own (mode 0600 in a
 * private folder, in memory where the system has a tmpfs), so inputs too large for an environment variable still reach the task. The
 * file is removed when the attempt is over (docs/executors.md). An empty input ({@code {}}, most tasks)
 * shares one read-only file that stays: no create, write and delete per task.
 */
final class TaskInputFiles {

  /** Linux caps one environment string ({@code NAME=value} and its NUL) at 128 KiB (MAX_ARG_STRLEN). */
  static final int MAX_ENV_STRING_BYTES = 128 * 1024;
  private static final int ENV_NAME_AND_NUL = "ORK_INPUT_JSON=".length() + 1;

  private static final Set<OpenOption> CREATE_NEW_WRITE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<?> OWNER_READ = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--------"));
  static final String EMPTY = "{}";

  private final AtomicLong next = new AtomicLong();
  private volatile Path dir;
  private volatile Path empty;

  /** True when {@code json} fits in {@code ORK_INPUT_JSON}. */
  static boolean fitsInEnvironment(String json) {
    return json.length() * 3L + ENV_NAME_AND_NUL <= MAX_ENV_STRING_BYTES
        || json.getBytes(StandardCharsets.UTF_8).length + ENV_NAME_AND_NUL <= MAX_ENV_STRING_BYTES;
  }

  /**
   * Writes one attempt's input to a new file: one open with O_CREAT|O_EXCL and no O_TRUNC (ext4 flushes a
   * truncated file to disk on close, ~0.3 ms a task), named by a counter (the folder is private).
   */
  Path write(String task, String json) throws LaunchException {
    try {
      if (EMPTY.equals(json)) return emptyFile();
      return writeNew(json.getBytes(StandardCharsets.UTF_8), OWNER_ONLY);
    } catch (IOException | UnsupportedOperationException e) {
      throw new LaunchException("task " + task + ": cannot write its input file: " + e.getMessage(), true);
    }
  }

  /** True for a file {@link #write} made for one attempt (to remove once it is over), false for the shared one. */
  boolean ownedByAttempt(Path file) {
    return file != null && !file.equals(empty);
  }

  /** The shared file of {@code {}}, made again when it is gone (a tmp cleaner): one stat a task. */
  private Path emptyFile() throws IOException {
    Path e = empty;
    return e != null && e.toFile().exists() ? e : newEmptyFile();
  }

  private synchronized Path newEmptyFile() throws IOException {
    Path e = empty;
    if (e != null && e.toFile().exists()) return e;
    e = writeNew(EMPTY.getBytes(StandardCharsets.UTF_8), OWNER_READ);
    e.toFile().deleteOnExit(); // before its folder: deleted in the reverse order of registration
    empty = e;
    return e;
  }

  /** A new file of {@code json} in the private folder, or in a new one when it was removed (a tmp cleaner). */
  private Path writeNew(byte[] json, FileAttribute<?> mode) throws IOException {
    try {
      return write(dir(), json, mode);
    } catch (NoSuchFileException gone) {
      return write(newDir(), json, mode);
    }
  }

  private Path write(Path folder, byte[] json, FileAttribute<?> mode) throws IOException {
    var file = folder.resolve("input-" + next.incrementAndGet() + ".json");
    try (var channel = Files.newByteChannel(file, CREATE_NEW_WRITE, mode)) {
      var bytes = ByteBuffer.wrap(json);
      while (bytes.hasRemaining()) channel.write(bytes);
    }
    return file;
  }

  /**
   * $XDG_RUNTIME_DIR or /dev/shm (tmpfs) when there is one, else the temp folder: creating and removing a
   * file per task on ext4 /tmp costs ~0.15 ms of inode search each (a 2,000-task run: 0.3 s of CPU).
   */
  private static Path memoryBacked() {
    for (var candidate : new String[] {System.getenv("XDG_RUNTIME_DIR"), "/dev/shm"}) {
      if (candidate != null && !candidate.isBlank()) {
        var dir = Path.of(candidate);
        if (Files.isDirectory(dir) && Files.isWritable(dir)) return dir;
      }
    }
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  static void delete(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the temp folder is the OS's to clean; a leftover file is harmless
    }
  }

  /** The private folder, made at the first write (not checked at each: a write into a removed one fails). */
  private Path dir() throws IOException {
    Path d = dir;
    return d != null ? d : newDir();
  }

  private synchronized Path newDir() throws IOException {
    Path d = dir;
    if (d == null || !Files.isDirectory(d)) {
      d = Files.createTempDirectory(memoryBacked(), "ork-inputs-");
      d.toFile().deleteOnExit();
      dir = d;
    }
    return d;
  }
}
