package dev.ork.core.compiler;

import dev.ork.core.workflow.CompiledWorkflow;
import dev.ork.core.workflow.TypeExpr;
import dev.ork.core.workflow.WorkflowJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The strict workflow compiler: YAML text in, a {@link CompiledWorkflow} or every problem (with
 * {@code file:line:col}) out. It never throws on bad input. The language is documented in
 * docs/workflow-yaml.md.
 */
public final class WorkflowCompiler {

  /** Files above this size are refused before parsing. */
  public static final int MAX_BYTES = 5 * 1024 * 1024;
  /** Runtime default when a task has no {@code timeout} (ork's default). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
  public static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
  public static final int MAX_RETRIES = 20;
  public static final String DEFAULT_PYTHON_FUNCTION = "main";

  private final WorkflowFiles files;
  private final PythonSignatures pythonSignatures;

  /** A compiler that reads no files (the API: YAML text only, task files not looked for). */
  public WorkflowCompiler() {
    this(null, null);
  }

  private WorkflowCompiler(WorkflowFiles files, PythonSignatures pythonSignatures) {
    this.files = files;
    this.pythonSignatures = pythonSignatures;
  }

  /** Reads workflow files and checks task files through {@code files} (the CLI: the file system). */
  public WorkflowCompiler withFiles(WorkflowFiles files) {
    return new WorkflowCompiler(files, pythonSignatures);
  }

  /** Also checks each python task's function and inputs against its file's real signature. */
  public WorkflowCompiler withPythonSignatures(PythonSignatures signatures) {
    return new WorkflowCompiler(files, signatures);
  }

  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Pattern WORKFLOW_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  static final Pattern PY_MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  static final Set<String> TOP_KEYS =
      ordered("name", "description", "schedule", "max_active_runs", "max_active_tasks", "types", "tasks");
  /** The most a run or task limit may be. */
  public static final int MAX_LIMIT = 10_000;
  static final java.util.regex.Pattern POOL_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** True for a valid pool name (what `pool:` accepts). */
  public static boolean isPoolName(String name) {
    return name != null && POOL_NAME.matcher(name).matches();
  }
  static final Set<String> COMMON_TASK_KEYS =
      ordered("executor", "depends_on", "input_type", "output_type", "inputs", "timeout", "retries",
          "foreach", "max_concurrency", "pool");
  static final Map<String, Set<String>> EXECUTOR_KEYS = Map.of(
      "process", ordered("command", "file"),
      "python", ordered("file", "module", "function"),
      "lambda", ordered("function", "qualifier", "handler"),
      "ecs", ordered("cluster", "task_definition", "container", "subnets", "security_groups",
          "assign_public_ip", "command", "environment"));
  static final Set<String> ALL_TASK_KEYS;
  static final Set<String> EXECUTORS = ordered("process", "python", "lambda", "ecs", "shell");
  static final Map<String, String> LEGACY_TYPES = Map.of(
      "string", "str", "integer", "int", "number", "float", "boolean", "bool",
      "datetime", "datetime_tz", "timestamp", "datetime_utc", "timestamp_s", "int",
      "timestamp_ms", "int", "time", "str", "duration", "int");
  static final Map<String, TypeExpr.Builtin> BUILTINS = new LinkedHashMap<>();

  static {
    var all = new LinkedHashSet<>(COMMON_TASK_KEYS);
    for (var kind : List.of("process", "python", "lambda", "ecs")) all.addAll(EXECUTOR_KEYS.get(kind));
    ALL_TASK_KEYS = java.util.Collections.unmodifiableSet(all);
    for (var b : TypeExpr.Builtin.values()) BUILTINS.put(b.yamlName(), b);
  }

  private static Set<String> ordered(String... keys) {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(keys)));
  }

  /** Reads and compiles {@code file}; task files are checked relative to its folder. */
  public CompileResult compile(Path file) {
    var display = file.toString();
    if (files == null) {
      return fail(display, ErrorCode.FILE_NOT_READABLE, "this compiler reads no files", "send the YAML text instead");
    }
    byte[] bytes;
    try {
      if (!files.isRegularFile(file)) {
        return fail(display, ErrorCode.FILE_NOT_READABLE,
            files.exists(file) ? "not a regular file" : "file not found", "check the path");
      }
      if (files.size(file) > MAX_BYTES) {
        return fail(display, ErrorCode.FILE_TOO_LARGE, "file is " + files.size(file)
            + " bytes; workflow files are capped at " + MAX_BYTES + " bytes", "move data out of the workflow definition");
      }
      bytes = files.read(file);
    } catch (IOException | SecurityException | InvalidPathException e) {
      return fail(display, ErrorCode.FILE_NOT_READABLE, "cannot read file: " + e.getMessage(), null);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int offset = firstBadUtf8(bytes);
      var prefix = new String(bytes, 0, offset, StandardCharsets.UTF_8);
      int[] lc = YamlReader.lineCol(prefix, prefix.codePointCount(0, prefix.length()));
      return new CompileResult.Invalid(List.of(new Diagnostic(display, lc[0], lc[1], ErrorCode.NOT_UTF8, "$",
          "byte 0x" + String.format("%02X", bytes[offset]) + " at offset " + offset + " is not valid UTF-8",
          "save the file as UTF-8 text")));
    }
    Path root = file.toAbsolutePath().getParent();
    return compileSource(text, display, root);
  }

  /**
   * Compiles YAML text. {@code rootOrNull} is the workflow folder against which task {@code file}s
   * must exist; with null (YAML posted to an API), or a compiler without files, file existence is not checked.
   */
  public CompileResult compileSource(String yaml, String displayName, Path rootOrNull) {
    var display = displayName == null ? "<workflow>" : displayName;
    if (yaml == null || yaml.isEmpty()) {
      return fail(display, ErrorCode.EMPTY_DOCUMENT, "the file is empty", "a workflow needs at least `name:` and `tasks:`");
    }
    if (yaml.length() > MAX_BYTES) {
      return fail(display, ErrorCode.FILE_TOO_LARGE, "document has " + yaml.length()
          + " characters; workflow files are capped at " + MAX_BYTES + " bytes", "move data out of the workflow definition");
    }
    if (yaml.charAt(0) == '\uFEFF') yaml = yaml.substring(1);
    try {
      return new WorkflowReader(display, files == null ? null : rootOrNull, files, pythonSignatures).read(yaml);
    } catch (StackOverflowError e) {
      return fail(display, ErrorCode.YAML_LIMIT, "the document is nested too deeply", null);
    }
  }

  private static CompileResult fail(String file, ErrorCode code, String message, String hint) {
    return new CompileResult.Invalid(List.of(new Diagnostic(file, 1, 1, code, "$", message, hint)));
  }

  private static int firstBadUtf8(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    var in = ByteBuffer.wrap(bytes);
    var out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var r = decoder.decode(in, out, true);
    return r.isError() ? Math.min(in.position(), bytes.length - 1) : 0;
  }

  /** {@code sha256:<hex>} of the canonical JSON of {@code workflow} with a blank contentHash. */
  public static String contentHash(CompiledWorkflow workflow) {
    var blank = new CompiledWorkflow(workflow.name(), workflow.description(), workflow.schedule(),
        workflow.tasks(), workflow.topologicalOrder(), "", workflow.maxActiveRuns(), workflow.maxActiveTasks());
    try {
      var digest = MessageDigest.getInstance("SHA-256")
          .digest(WorkflowJson.write(blank).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
