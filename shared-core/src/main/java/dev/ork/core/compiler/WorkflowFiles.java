package dev.ork.core.compiler;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Port: how the compiler reads a workflow file and checks that task files exist. The CLI passes the
 * file system; the API passes none (YAML arrives as text, and no task file is looked for).
 */
public interface WorkflowFiles {

  boolean exists(Path file);

  boolean isRegularFile(Path file);

  long size(Path file) throws IOException;

  byte[] read(Path file) throws IOException;
}
