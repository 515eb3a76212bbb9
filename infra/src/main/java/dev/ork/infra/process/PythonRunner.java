package dev.ork.infra.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The embedded Python runner ({@code run_task.py}), written once to a cache directory under a
 * content-hashed name, so an upgraded Ork never runs a stale copy and concurrent writers do not clash.
 */
public final class PythonRunner {
  static final String RESOURCE = "/dev/ork/infra/process/run_task.py";

  private PythonRunner() {}

  /** The runner's source text. */
  public static byte[] source() {
    return resource(RESOURCE);
  }

  /** A Python script shipped on the class path (the runner, the signature reader). */
  static byte[] resource(String path) {
    try (InputStream in = PythonRunner.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code $XDG_CACHE_HOME/ork/runtime}, else {@code ~/.cache/ork/runtime}. */
  public static Path defaultDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("ork").resolve("runtime");
  }

  /**
   * Writes the runner into {@code dir} (or the default dir, falling back to the temp dir when that is
   * not writable) unless an identical copy is there, and returns its path.
   */
  public static Path install(Path dir) {
    byte[] bytes = source();
    String name = "run_task-" + sha256(bytes).substring(0, 16) + ".py";
    try {
      return installInto(dir != null ? dir : defaultDir(), name, bytes);
    } catch (IOException first) {
      if (dir != null) {
        throw new UncheckedIOException("cannot write the Python runner to " + dir, first);
      }
      try {
        return installInto(Path.of(System.getProperty("java.io.tmpdir"), "ork-runtime"), name, bytes);
      } catch (IOException second) {
        second.addSuppressed(first);
        throw new UncheckedIOException("cannot write the Python runner", second);
      }
    }
  }

  private static Path installInto(Path dir, String name, byte[] bytes) throws IOException {
    Path target = dir.resolve(name);
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
      return target;
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "run_task-", ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
