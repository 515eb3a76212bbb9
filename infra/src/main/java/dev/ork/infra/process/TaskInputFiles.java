package dev.ork.infra.process;

import dev.ork.core.port.TaskExecutor.LaunchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code ORK_INPUT_FILE} of each attempt: its input JSON in a file of its own (mode 0600 in a
 * private temp folder), so inputs too large for an environment variable still reach the task. The
 * file is removed when the attempt is over (docs/executors.md).
 */
final class TaskInputFiles {

  /** Linux caps one environment string ({@code NAME=value} and its NUL) at 128 KiB (MAX_ARG_STRLEN). */
  static final int MAX_ENV_STRING_BYTES = 128 * 1024;
  private static final int ENV_NAME_AND_NUL = "ORK_INPUT_JSON=".length() + 1;

  private volatile Path dir;

  /** True when {@code json} fits in {@code ORK_INPUT_JSON}. */
  static boolean fitsInEnvironment(String json) {
    return json.length() * 3L + ENV_NAME_AND_NUL <= MAX_ENV_STRING_BYTES
        || json.getBytes(StandardCharsets.UTF_8).length + ENV_NAME_AND_NUL <= MAX_ENV_STRING_BYTES;
  }

  /** Writes one attempt's input to a new file. */
  Path write(String task, String json) throws LaunchException {
    try {
      return Files.writeString(Files.createTempFile(dir(), "input-", ".json"), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LaunchException("task " + task + ": cannot write its input file: " + e.getMessage(), true);
    }
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

  private Path dir() throws IOException {
    Path d = dir;
    if (d == null || !Files.isDirectory(d)) {
      synchronized (this) {
        d = dir;
        if (d == null || !Files.isDirectory(d)) {
          d = Files.createTempDirectory("ork-inputs-");
          d.toFile().deleteOnExit();
          dir = d;
        }
      }
    }
    return d;
  }
}
