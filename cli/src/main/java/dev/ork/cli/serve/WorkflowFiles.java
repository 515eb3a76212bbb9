package dev.ork.cli.serve;

import dev.ork.core.compiler.CompileResult;
import dev.ork.core.port.SnapshotStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The workflow files `ork serve` was given (files, or folders searched for {@code *.yaml}/{@code *.yml}):
 * each is compiled and registered at start and again whenever its modification time changes. A file
 * whose snapshot is the one registered already is left alone (a schedule expression set through the API
 * stays). An invalid file is reported with its diagnostics and leaves the registered version as it was.
 */
final class WorkflowFiles {
  private final List<Path> roots;
  private final SnapshotStore snapshots;
  private final FolderExecutors executors;
  private final Function<Path, CompileResult> compiler;
  private final PrintWriter err;
  private final Map<Path, Long> seen = new HashMap<>();

  WorkflowFiles(List<Path> roots, SnapshotStore snapshots, FolderExecutors executors,
      Function<Path, CompileResult> compiler, PrintWriter err) {
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.snapshots = snapshots;
    this.executors = executors;
    this.compiler = compiler;
    this.err = err;
  }

  /** Registers every file that is new or changed since the last scan; returns the names registered. */
  synchronized List<String> scan() {
    var registered = new ArrayList<String>();
    for (var file : files()) {
      long modified;
      try {
        modified = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
      } catch (IOException gone) {
        continue;
      }
      var before = seen.put(file, modified);
      if (before != null && before == modified) continue;
      var result = compiler.apply(file);
      if (result instanceof CompileResult.Invalid invalid) {
        err.println(invalid.render());
        err.println("✗ " + file + ": not registered, the workflow is invalid (fix it and save: it is read again)");
        err.flush();
        continue;
      }
      var wf = result.workflow();
      executors.place(wf.name(), file.getParent());
      var stored = snapshots.workflow(wf.name());
      if (stored.isPresent() && stored.get().currentSnapshotHash().equals(wf.contentHash())) continue; // as registered
      snapshots.register(wf, Instant.now());
      registered.add(wf.name());
      err.println((before == null ? "registered " : "re-registered ") + wf.name() + " from " + file);
      err.flush();
    }
    return registered;
  }

  private List<Path> files() {
    var out = new ArrayList<Path>();
    for (var root : roots) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root, 8)) {
          walk.filter(Files::isRegularFile).filter(WorkflowFiles::isYaml).sorted().forEach(out::add);
        } catch (IOException e) {
          err.println("warning: cannot read " + root + ": " + e.getMessage());
        }
      } else if (Files.isRegularFile(root)) {
        out.add(root);
      }
    }
    return out;
  }

  private static boolean isYaml(Path p) {
    var n = p.getFileName().toString();
    return n.endsWith(".yaml") || n.endsWith(".yml");
  }
}
