package dev.ork.core.compiler;

import org.yaml.snakeyaml.nodes.Node;

/** One key of a YAML mapping: its name, key node (for positions) and value node. */
record MappingEntry(String key, Node keyNode, Node value) {}
