package dev.ork.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

/** {@code --classpath} / {@code ORK_CLASSPATH}: entries resolved from the working directory, like every other path ork takes. */
final class ClassPathEntries {
  private ClassPathEntries() {}

  /** The entries made absolute (null stays null); warns on {@code err} about each entry that does not exist. */
  static String resolve(String classpath, String origin, PrintWriter err) {
    if (classpath == null) return null;
    var absolute = new ArrayList<String>();
    for (var entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) continue;
      var path = Path.of(entry.strip()).toAbsolutePath().normalize();
      if (!Files.exists(path)) {
        err.println("warning: " + origin + " entry '" + entry.strip() + "' does not exist (resolved to " + path
            + " from the working directory); lambda handlers in it will not be found");
      }
      absolute.add(path.toString());
    }
    return String.join(File.pathSeparator, absolute);
  }
}
