package dev.ork.cli;

import dev.ork.core.compiler.CompileResult;
import dev.ork.core.compiler.WorkflowCompiler;
import dev.ork.infra.files.FileSystemWorkflowFiles;
import dev.ork.infra.process.PythonSignatureReader;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The compiler the local commands use: it also reads python task files' signatures. */
final class LocalCompiler {
  private LocalCompiler() {}

  /** Compiles {@code file}; prints a note on {@code err} when Python signatures could not be read. */
  static CompileResult compile(Path file, PrintWriter err) {
    var reader = new PythonSignatureReader();
    var result = new WorkflowCompiler().withFiles(FileSystemWorkflowFiles.INSTANCE).withPythonSignatures(reader).compile(file);
    if (reader.unavailableReason() != null) {
      err.println("note: python task signatures not checked (" + reader.unavailableReason() + ")");
    }
    return result;
  }
}
