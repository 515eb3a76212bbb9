package dev.ork.core.compiler;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: the top-level functions of a Python task file, read without running it (infra parses it with
 * Python's own {@code ast}). The compiler uses it to check a python task's {@code function} and
 * {@code inputs} against the real signature; without one, python files are not looked into.
 */
public interface PythonSignatures {

  /** The module's functions, or empty when no Python interpreter is available to read it. */
  Optional<PythonModule> read(Path file);

  /** A parsed file: its functions by name, or the syntax error that stopped parsing. */
  record PythonModule(Map<String, PythonFunction> functions, SyntaxProblem syntaxError) {
    public PythonModule {
      functions = Map.copyOf(functions);
    }
  }

  record SyntaxProblem(String message, int line, int col) {}

  record PythonFunction(String name, int line, List<PythonParam> params) {
    public PythonFunction {
      params = List.copyOf(params);
    }
  }

  /** {@code annotation} is the annotation's source text ({@code null} when unannotated). */
  record PythonParam(String name, Kind kind, String annotation, boolean hasDefault) {
    public enum Kind { POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, VAR_POSITIONAL, KEYWORD_ONLY, VAR_KEYWORD }

    boolean named() {
      return kind == Kind.POSITIONAL_ONLY || kind == Kind.POSITIONAL_OR_KEYWORD || kind == Kind.KEYWORD_ONLY;
    }
  }
}
