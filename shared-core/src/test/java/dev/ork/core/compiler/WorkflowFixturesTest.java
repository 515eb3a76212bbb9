package dev.ork.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.core.testing.DiskFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: every {@code workflows/invalid/<name>.yaml} renders exactly {@code <name>.expected};
 * every {@code workflows/valid/*.yaml} compiles. Set {@code ORK_GOLDEN_UPDATE=1} to rewrite the
 * expected files (then review the diff).
 *
 * <p>A fixture whose first line is {@code # ork-fixture: missing-file} is compiled as a path that does
 * not exist; {@code # ork-fixture: repeat-to-bytes=N} repeats the fixture to N bytes in memory.
 */
class WorkflowFixturesTest {
  static final Path ROOT = Path.of("src/test/resources/workflows");
  static final Pattern CODE = Pattern.compile("error\\[([a-z0-9-]+)]");

  private final WorkflowCompiler compiler = new WorkflowCompiler().withFiles(DiskFiles.INSTANCE);

  @TestFactory
  Stream<DynamicTest> invalidFixture_rendersExpectedDiagnostics_whenCompiled() throws IOException {
    boolean update = "1".equals(System.getenv("ORK_GOLDEN_UPDATE"));
    return fixtures("invalid").map(yaml -> DynamicTest.dynamicTest(yaml.getFileName().toString(), () -> {
      var result = compileFixture(yaml);
      assertThat(result.isValid()).as("fixture %s must be invalid", yaml).isFalse();
      var actual = render(result) + "\n";
      var expectedFile = expectedOf(yaml);
      if (update) Files.writeString(expectedFile, actual);
      assertThat(Files.exists(expectedFile)).as("missing %s", expectedFile).isTrue();
      assertThat(actual).isEqualTo(Files.readString(expectedFile));
      assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.line()).isPositive());
    }));
  }

  @TestFactory
  Stream<DynamicTest> validFixture_compiles_whenCompiled() throws IOException {
    return fixtures("valid").map(yaml -> DynamicTest.dynamicTest(yaml.getFileName().toString(), () -> {
      var result = compiler.compile(yaml);
      assertThat(result.render()).isEmpty();
      assertThat(result.workflow().contentHash()).startsWith("sha256:").hasSize(7 + 64);
    }));
  }

  @Test
  void everyErrorCode_hasAtLeastOneFixture_whenFixturesScanned() throws IOException {
    Set<String> covered = new TreeSet<>();
    try (var files = fixtures("invalid")) {
      for (var yaml : files.toList()) {
        var expected = expectedOf(yaml);
        if (!Files.exists(expected)) continue;
        var m = CODE.matcher(Files.readString(expected));
        while (m.find()) covered.add(m.group(1));
      }
    }
    // codes that need a Python interpreter have their fixtures in infra (PythonSignatureCheckTest)
    var all = Arrays.stream(ErrorCode.values()).filter(c -> !c.needsPython()).map(ErrorCode::code)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(covered).containsAll(all);
    assertThat(all).containsAll(covered);
  }

  static Stream<Path> fixtures(String kind) throws IOException {
    return Files.list(ROOT.resolve(kind)).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  static Path expectedOf(Path yaml) {
    var name = yaml.getFileName().toString();
    return yaml.resolveSibling(name.substring(0, name.length() - ".yaml".length()) + ".expected");
  }

  CompileResult compileFixture(Path yaml) throws IOException {
    var bytes = Files.readAllBytes(yaml);
    var firstLine = new String(bytes, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
    if (firstLine.startsWith("# ork-fixture: missing-file")) {
      return compiler.compile(yaml.resolveSibling(yaml.getFileName() + ".does-not-exist"));
    }
    if (firstLine.startsWith("# ork-fixture: repeat-to-bytes=")) {
      int size = Integer.parseInt(firstLine.substring(firstLine.indexOf('=') + 1).trim());
      var text = new String(bytes, StandardCharsets.UTF_8);
      var big = new StringBuilder(size + text.length());
      while (big.length() < size) big.append(text);
      return compiler.compileSource(big.toString(), yaml.getFileName().toString(), yaml.getParent());
    }
    return compiler.compile(yaml);
  }

  /** Rendered diagnostics with the file shown by its name only, so fixtures do not depend on cwd. */
  static String render(CompileResult result) {
    List<String> lines = result.diagnostics().stream()
        .map(d -> new Diagnostic(Path.of(d.file()).getFileName().toString(), d.line(), d.col(), d.code(),
            d.path(), d.message(), d.hint()).render())
        .toList();
    return String.join("\n", lines);
  }
}
