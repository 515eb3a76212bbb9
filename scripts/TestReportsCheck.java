import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails the build when a test class under a module's src/test/java produced no Surefire report: a
 * test class that never runs (misnamed, say) is a defect. A test class is a concrete top-level class
 * with JUnit or jqwik test methods, or one extending such a class (contract tests).
 * Runs in each module's verify phase: java scripts/TestReportsCheck.java MODULE_DIR
 */
public final class TestReportsCheck {
  private static final Pattern TEST_ANNOTATION =
      Pattern.compile("@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Property|Example)\\b");
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  record Source(String fqcn, boolean concrete, boolean hasTests, String superclass) {}

  public static void main(String[] args) throws IOException {
    var module = Path.of(args[0]);
    var tests = module.resolve("src/test/java");
    if (!Files.isDirectory(tests)) return;
    var sources = new HashMap<String, Source>();
    try (Stream<Path> files = Files.walk(tests)) {
      for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        var s = read(file);
        sources.put(simpleName(s.fqcn()), s);
      }
    }
    var missing = new ArrayList<String>();
    var reports = module.resolve("target/surefire-reports");
    for (var s : sources.values()) {
      if (s.concrete() && runsTests(s, sources, new HashSet<>())
          && !Files.exists(reports.resolve("TEST-" + s.fqcn() + ".xml"))) {
        missing.add(s.fqcn());
      }
    }
    if (missing.isEmpty()) return;
    missing.sort(null);
    System.err.println("error: test classes in " + tests + " that Surefire did not run (no report in " + reports + "):");
    missing.forEach(m -> System.err.println("  " + m));
    System.err.println("Name them *Test, Test*, *Tests or *TestCase so Surefire picks them up.");
    System.exit(1);
  }

  private static boolean runsTests(Source s, Map<String, Source> all, Set<String> seen) {
    if (s.hasTests()) return true;
    var parent = s.superclass() == null ? null : all.get(s.superclass());
    return parent != null && seen.add(parent.fqcn()) && runsTests(parent, all, seen);
  }

  private static Source read(Path file) throws IOException {
    var text = Files.readString(file);
    var name = file.getFileName().toString().replace(".java", "");
    var pkg = PACKAGE.matcher(text);
    var fqcn = pkg.find() ? pkg.group(1) + "." + name : name;
    var declaration = Pattern.compile("(?m)^(?:public\\s+|final\\s+|abstract\\s+)*(class|interface|record|enum)\\s+"
        + name + "\\b(?:[^{]*?\\bextends\\s+([\\w.]+))?[^{]*\\{").matcher(text);
    boolean found = declaration.find();
    boolean concrete = found && declaration.group(1).equals("class")
        && !declaration.group(0).contains("abstract");
    String superclass = found && declaration.group(2) != null ? simpleName(declaration.group(2)) : null;
    return new Source(fqcn, concrete, TEST_ANNOTATION.matcher(text).find(), superclass);
  }

  private static String simpleName(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
