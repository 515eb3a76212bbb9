package dev.ork.infra.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts each task in a session (and so a process group) of its own through util-linux {@code setsid}:
 * Ctrl-C in a terminal signals the whole foreground process group, and a task in Ork's group would die
 * of that SIGINT (exit 130, a failure, maybe a retry) before Ork cancels the run and stops it itself.
 * {@code setsid} execs the task in place (a child of the JVM is never a group leader), so the pid is the
 * task's. Without {@code setsid} on the PATH (macOS), or when the program itself cannot be found (so the
 * launch fails as before, as a launch error), the command runs as given.
 */
final class OwnSession {
  private static final String SETSID = find("setsid");
  private static final java.util.Map<String, Boolean> FOUND = new java.util.concurrent.ConcurrentHashMap<>();

  private OwnSession() {}

  static List<String> wrap(List<String> command) {
    if (SETSID == null || command.isEmpty() || !FOUND.computeIfAbsent(command.get(0), p -> find(p) != null)) {
      return command;
    }
    var wrapped = new ArrayList<String>(command.size() + 1);
    wrapped.add(SETSID);
    wrapped.addAll(command);
    return wrapped;
  }

  /** The executable {@code program} names (a path, or a name on the PATH), or null. */
  static String find(String program) {
    if (program.contains(File.separator)) {
      return Files.isExecutable(Path.of(program)) ? program : null;
    }
    var path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (var dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      var candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
