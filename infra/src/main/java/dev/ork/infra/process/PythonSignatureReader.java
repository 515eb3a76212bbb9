package dev.ork.infra.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ork.core.compiler.PythonSignatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a Python file's top-level function signatures with Python's own {@code ast} (the file is parsed,
 * never imported: no module code runs). Uses {@code ORK_PYTHON} or {@code python3}, like the executor;
 * without an interpreter it reads nothing and says so once through {@link #unavailableReason()}.
 */
public final class PythonSignatureReader implements PythonSignatures {
  static final String RESOURCE = "/dev/ork/infra/process/inspect_task.py";
  private static final long TIMEOUT_SECONDS = 20;

  /** Loaded on the first python file read: a workflow without python tasks pays nothing at start-up. */
  private static final class Lazy {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCRIPT = new String(PythonRunner.resource(RESOURCE), StandardCharsets.UTF_8);
  }

  private final String python;
  private volatile String unavailableReason;

  public PythonSignatureReader() {
    this(Optional.ofNullable(System.getenv("ORK_PYTHON")).filter(s -> !s.isBlank()).orElse("python3"));
  }

  public PythonSignatureReader(String python) {
    this.python = python;
  }

  /** Why files could not be read (no interpreter, ...), or null when every read worked. */
  public String unavailableReason() {
    return unavailableReason;
  }

  @Override
  public Optional<PythonModule> read(Path file) {
    try {
      var process = new ProcessBuilder(python, "-I", "-c", Lazy.SCRIPT, file.toAbsolutePath().toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return unavailable(python + " did not answer within " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        return unavailable(python + " exited with " + process.exitValue() + " while reading " + file);
      }
      return Optional.of(parse(Lazy.JSON.readTree(new String(out, StandardCharsets.UTF_8))));
    } catch (IOException e) {
      return unavailable("cannot run " + python + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<PythonModule> unavailable(String reason) {
    unavailableReason = reason;
    return Optional.empty();
  }

  static PythonModule parse(JsonNode json) {
    var error = json.get("syntax_error");
    if (error != null) {
      return new PythonModule(java.util.Map.of(),
          new SyntaxProblem(error.path("message").asText(), error.path("line").asInt(1), error.path("col").asInt(1)));
    }
    var functions = new LinkedHashMap<String, PythonFunction>();
    json.path("functions").fields().forEachRemaining(e -> {
      var params = new ArrayList<PythonParam>();
      for (var p : e.getValue().path("params")) {
        var annotation = p.path("annotation");
        params.add(new PythonParam(p.path("name").asText(), PythonParam.Kind.valueOf(p.path("kind").asText()),
            annotation.isNull() || annotation.isMissingNode() ? null : annotation.asText(), p.path("default").asBoolean()));
      }
      functions.put(e.getKey(), new PythonFunction(e.getKey(), e.getValue().path("line").asInt(1), params));
    });
    return new PythonModule(functions, null);
  }

}
