package dev.ork.core.compiler;

import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The size of a composed document with every alias expanded, computed without expanding anything
 * (each node is sized once). SnakeYAML caps only aliases to collections; an anchored scalar referred
 * to thousands of times would be copied out when the content hash or a snapshot is written, so the
 * whole expanded document is capped, scalars and collections alike, by characters.
 */
final class AliasExpansion {
  /** The expanded document may not be larger than a workflow file may be. */
  static final long MAX_EXPANDED_CHARS = WorkflowCompiler.MAX_BYTES;
  private static final long IN_PROGRESS = -1;

  private final Map<Node, Long> sizes = new IdentityHashMap<>();
  private Node culprit;

  private AliasExpansion() {}

  /** The smallest value whose expansion is over the cap (or that contains itself), or null when the document fits. */
  static Node oversized(Node root) {
    var expansion = new AliasExpansion();
    expansion.size(root);
    return expansion.culprit;
  }

  private long size(Node node) {
    Long known = sizes.get(node);
    if (known != null) {
      return known == IN_PROGRESS ? over(node) : known;
    }
    sizes.put(node, IN_PROGRESS);
    long size = 2; // delimiters or quotes
    switch (node) {
      case ScalarNode s -> size += s.getValue().length();
      case SequenceNode seq -> {
        for (var item : seq.getValue()) {
          size = add(size, size(item));
        }
      }
      case MappingNode map -> {
        for (var entry : map.getValue()) {
          size = add(add(size, size(entry.getKeyNode())), size(entry.getValueNode()));
        }
      }
      default -> { }
    }
    if (size > MAX_EXPANDED_CHARS && culprit == null) {
      culprit = node;
    }
    sizes.put(node, size);
    return size;
  }

  private long over(Node node) {
    if (culprit == null) {
      culprit = node;
    }
    return MAX_EXPANDED_CHARS + 1;
  }

  private static long add(long a, long b) {
    return Math.min(a + b, MAX_EXPANDED_CHARS + 1);
  }
}
