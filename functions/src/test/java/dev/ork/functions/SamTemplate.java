package dev.ork.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml parsed with SnakeYAML, keeping CloudFormation short-form intrinsics: {@code !Ref X}
 * becomes {@code {Ref: X}}, {@code !GetAtt A.B} becomes {@code {Fn::GetAtt: [A, B]}}, {@code !Sub s}
 * becomes {@code {Fn::Sub: s}} and so on (Jackson's YAML reader would silently drop the tags).
 */
final class SamTemplate {
  private static final List<String> FUNCTIONS = List.of(
      "Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
      "Transform", "And", "Equals", "If", "Not", "Or", "GetAtt");

  final Path path;
  final Map<String, Object> root;

  private SamTemplate(Path path, Map<String, Object> root) {
    this.path = path;
    this.root = root;
  }

  /** Finds template.yaml in the working directory or a parent (surefire runs in functions/). */
  static Path locate() {
    for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      var candidate = dir.resolve("template.yaml");
      if (Files.isRegularFile(candidate)) return candidate;
    }
    throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
  }

  static SamTemplate load() {
    var path = locate();
    try {
      Map<String, Object> root = new Yaml(new IntrinsicConstructor()).load(Files.readString(path));
      return new SamTemplate(path, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Map<String, Object> resources() {
    return map(root.get("Resources"));
  }

  Map<String, Object> resource(String logicalId) {
    var r = map(resources().get(logicalId));
    if (r == null) throw new AssertionError("template.yaml has no resource " + logicalId);
    return r;
  }

  Map<String, Object> properties(String logicalId) {
    return map(resource(logicalId).get("Properties"));
  }

  Map<String, Object> globalFunction() {
    var globals = map(root.get("Globals"));
    return globals == null ? Map.of() : map(globals.get("Function"));
  }

  /** Logical ids of every resource of the given type, in template order. */
  List<String> ofType(String type) {
    var ids = new ArrayList<String>();
    resources().forEach((id, r) -> {
      if (type.equals(map(r).get("Type"))) ids.add(id);
    });
    return ids;
  }

  /** A function property, falling back to Globals.Function. */
  Object functionProperty(String logicalId, String name) {
    var own = properties(logicalId).get(name);
    return own != null ? own : globalFunction().get(name);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    if (o == null) return List.of();
    return o instanceof List<?> l ? (List<Object>) l : List.of(o);
  }

  /** The logical id named by {@code {Ref: X}} or {@code {Fn::GetAtt: [X, Arn]}}, else null. */
  static String target(Object o) {
    if (o instanceof Map<?, ?> m) {
      if (m.get("Ref") instanceof String s) return s;
      if (m.get("Fn::GetAtt") instanceof List<?> l && !l.isEmpty()) return String.valueOf(l.getFirst());
    }
    return null;
  }

  /** A readable, comparable rendering of a policy Resource entry. */
  static String render(Object o) {
    if (o instanceof Map<?, ?> m) {
      if (m.get("Ref") instanceof String s) return "Ref:" + s;
      if (m.get("Fn::GetAtt") instanceof List<?> l) return l.get(0) + "." + l.get(1);
      if (m.containsKey("Fn::Sub")) return "Sub:" + m.get("Fn::Sub");
    }
    return String.valueOf(o);
  }

  private static final class IntrinsicConstructor extends SafeConstructor {
    IntrinsicConstructor() {
      super(new LoaderOptions());
      yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
      for (var f : FUNCTIONS) yamlConstructors.put(new Tag("!" + f), new Intrinsic("Fn::" + f));
      yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
    }

    private final class Intrinsic extends AbstractConstruct {
      private final String key;

      Intrinsic(String key) {
        this.key = key;
      }

      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode s) {
          var text = s.getValue();
          value = key.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
        } else if (node instanceof SequenceNode seq) {
          value = constructSequence(seq);
        } else {
          value = constructMapping((MappingNode) node);
        }
        var m = new LinkedHashMap<String, Object>();
        m.put(key, value);
        return m;
      }
    }
  }
}
