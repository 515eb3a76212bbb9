package dev.ork.core.testing;

import dev.ork.core.compiler.WorkflowFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The compiler's file port on the disk, for shared-core's tests (infra has the production one). */
public final class DiskFiles implements WorkflowFiles {
  public static final DiskFiles INSTANCE = new DiskFiles();

  @Override
  public boolean exists(Path file) {
    return Files.exists(file);
  }

  @Override
  public boolean isRegularFile(Path file) {
    return Files.isRegularFile(file);
  }

  @Override
  public long size(Path file) throws IOException {
    return Files.size(file);
  }

  @Override
  public byte[] read(Path file) throws IOException {
    return Files.readAllBytes(file);
  }
}
