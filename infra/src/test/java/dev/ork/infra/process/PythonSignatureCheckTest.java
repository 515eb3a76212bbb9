package dev.ork.infra.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.compiler.CompileResult;
import dev.ork.core.compiler.Diagnostic;
import dev.ork.core.compiler.ErrorCode;
import dev.ork.core.compiler.WorkflowCompiler;
import dev.ork.infra.files.FileSystemWorkflowFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Python tasks checked against their real signatures, read by a real python3: golden files
 * {@code python-workflows/invalid/<name>.yaml} render exactly {@code <name>.expected}
 * ({@code ORK_GOLDEN_UPDATE=1} rewrites them); every example workflow and the valid fixture stay valid.
 */
class PythonSignatureCheckTest {
  static final Path ROOT = Path.of("src/test/resources/python-workflows");
  static final Pattern CODE = Pattern.compile("error\\[([a-z0-9-]+)]");

  private final PythonSignatureReader reader = new PythonSignatureReader();
  private final WorkflowCompiler compiler = new WorkflowCompiler().withFiles(FileSystemWorkflowFiles.INSTANCE).withPythonSignatures(reader);

  @TestFactory
  Stream<DynamicTest> invalidFixture_rendersExpectedDiagnostics_whenSignaturesRead() throws IOException {
    boolean update = "1".equals(System.getenv("ORK_GOLDEN_UPDATE"));
    return yamls(ROOT.resolve("invalid")).map(yaml -> DynamicTest.dynamicTest(yaml.getFileName().toString(), () -> {
      var result = compiler.compile(yaml);
      assertThat(reader.unavailableReason()).isNull();
      assertThat(result.isValid()).as("%s must be invalid", yaml).isFalse();
      var actual = render(result) + "\n";
      var expected = expectedOf(yaml);
      if (update) Files.writeString(expected, actual);
      assertThat(actual).isEqualTo(Files.readString(expected));
    }));
  }

  @Test
  void everyPythonCode_hasAFixture() throws IOException {
    var covered = new TreeSet<String>();
    try (var files = yamls(ROOT.resolve("invalid"))) {
      for (var yaml : files.toList()) {
        var m = CODE.matcher(Files.readString(expectedOf(yaml)));
        while (m.find()) covered.add(m.group(1));
      }
    }
    var python = Arrays.stream(ErrorCode.values()).filter(ErrorCode::needsPython).map(ErrorCode::code)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(covered).containsAll(python);
  }

  @Test
  void validFixtureAndEveryExample_compile_whenSignaturesRead() throws IOException {
    try (var examples = Files.walk(Path.of("../examples"))) {
      var files = Stream.concat(examples.filter(p -> p.toString().endsWith(".yaml")).toList().stream(),
          Stream.of(ROOT.resolve("valid/python-signatures.yaml"))).toList();
      assertThat(files).hasSizeGreaterThan(5);
      for (var yaml : files) {
        assertThat(compiler.compile(yaml).render()).as(yaml.toString()).isEmpty();
      }
    }
    assertThat(reader.unavailableReason()).isNull();
  }

  @Test
  void missingInterpreter_readsNothing_andSaysWhy() {
    var none = new PythonSignatureReader("/nonexistent/python3");
    var result = new WorkflowCompiler().withFiles(FileSystemWorkflowFiles.INSTANCE).withPythonSignatures(none).compile(ROOT.resolve("invalid/python-syntax.yaml"));
    assertThat(result.isValid()).isTrue();
    assertThat(none.unavailableReason()).contains("cannot run /nonexistent/python3");
  }

  @Test
  void moduleIsParsedNotImported_soItsTopLevelCodeNeverRuns(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    var marker = dir.resolve("imported.txt");
    Files.writeString(dir.resolve("t.py"), "open(" + pyString(marker) + ", 'w').write('x')\n\ndef main(a: int):\n    return a\n");
    var module = reader.read(dir.resolve("t.py")).orElseThrow();
    assertThat(module.functions()).containsOnlyKeys("main");
    assertThat(module.functions().get("main").params()).singleElement()
        .satisfies(p -> assertThat(p.annotation()).isEqualTo("int"));
    assertThat(marker).doesNotExist();
  }

  private static String pyString(Path p) {
    return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static Stream<Path> yamls(Path dir) throws IOException {
    return Files.list(dir).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  static Path expectedOf(Path yaml) {
    var name = yaml.getFileName().toString();
    return yaml.resolveSibling(name.substring(0, name.length() - ".yaml".length()) + ".expected");
  }

  static String render(CompileResult result) {
    return result.diagnostics().stream()
        .map(d -> new Diagnostic(Path.of(d.file()).getFileName().toString(), d.line(), d.col(), d.code(), d.path(),
            d.message(), d.hint()).render())
        .collect(Collectors.joining("\n"));
  }
}
