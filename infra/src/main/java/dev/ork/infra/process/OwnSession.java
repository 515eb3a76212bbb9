package dev.ork.infra.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts each task in a session (and so a process group) of its own through util-linux {@code setsid}:
 * Ctrl-C in a terminal signals the whole foreground process group, and a task in Ork's group would die
 * of that SIGINT (exit 130, a failure, maybe a retry) before Ork cancels the run and stops it itself.
 * {@code setsid} execs the task in place (a child of the JVM is never a group leader), so the pid is the
 * task's. The task's program is given to {@code setsid} as the absolute path the task's PATH finds (so
 * {@code setsid} does not try each PATH folder in turn, ~0.1 ms each). Without {@code setsid} on the PATH
 * (macOS), or when the program itself cannot be found (so the launch fails as before, as a launch error),
 * the command runs as given.
 */
final class OwnSession {
  private static final String SETSID = find("setsid", System.getenv("PATH")).orElse(null);
  private static final Map<String, Optional<String>> FOUND = new ConcurrentHashMap<>();

  private OwnSession() {}

  /** {@code command} started through {@code setsid}; {@code path} is the task's PATH, {@code dir} its directory. */
  static List<String> wrap(List<String> command, String path, Path dir) {
    if (SETSID == null || command.isEmpty()) {
      return command;
    }
    var program = resolve(command.get(0), path, dir);
    if (program.isEmpty()) {
      return command;
    }
    var wrapped = new ArrayList<String>(command.size() + 1);
    wrapped.add(SETSID);
    wrapped.add(program.get());
    wrapped.addAll(command.subList(1, command.size()));
    return wrapped;
  }

  /**
   * The executable file {@code program} names: a path (relative to {@code dir}, the task's directory,
   * looked at each time: an earlier task may write it), or a name on {@code path}, remembered per name
   * and PATH.
   */
  static Optional<String> resolve(String program, String path, Path dir) {
    if (program.contains(File.separator)) {
      var file = dir.resolve(program);
      return Files.isExecutable(file) && !Files.isDirectory(file) ? Optional.of(file.toString()) : Optional.empty();
    }
    return FOUND.computeIfAbsent(path + File.pathSeparator + File.pathSeparator + program, k -> find(program, path));
  }

  private static Optional<String> find(String program, String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (var dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      var candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
