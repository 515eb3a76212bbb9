package dev.ork.infra.dynamodb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Builds an UpdateExpression and ConditionExpression with generated placeholders. */
final class UpdateBuilder {
  private final List<String> set = new ArrayList<>();
  private final List<String> remove = new ArrayList<>();
  private final List<String> add = new ArrayList<>();
  private final List<String> conditions = new ArrayList<>();
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, AttributeValue> values = new HashMap<>();

  private String name(String attribute) {
    var placeholder = "#" + attribute.replaceAll("[^A-Za-z0-9]", "_");
    names.put(placeholder, attribute);
    return placeholder;
  }

  private String value(AttributeValue v) {
    var placeholder = ":v" + values.size();
    values.put(placeholder, v);
    return placeholder;
  }

  UpdateBuilder set(String attribute, AttributeValue v) {
    set.add(name(attribute) + " = " + value(v));
    return this;
  }

  UpdateBuilder setIfPresent(String attribute, String v) {
    return v == null ? this : set(attribute, AttributeValue.fromS(v));
  }

  UpdateBuilder setIfNotExists(String attribute, AttributeValue v) {
    var n = name(attribute);
    set.add(n + " = if_not_exists(" + n + ", " + value(v) + ")");
    return this;
  }

  UpdateBuilder remove(String attribute) {
    remove.add(name(attribute));
    return this;
  }

  UpdateBuilder add(String attribute, AttributeValue v) {
    add.add(name(attribute) + " " + value(v));
    return this;
  }

  UpdateBuilder exists() {
    conditions.add("attribute_exists(PK)");
    return this;
  }

  UpdateBuilder equal(String attribute, AttributeValue v) {
    conditions.add(name(attribute) + " = " + value(v));
    return this;
  }

  UpdateBuilder in(String attribute, Collection<String> options) {
    var placeholders = options.stream().sorted().map(o -> value(AttributeValue.fromS(o))).toList();
    conditions.add(name(attribute) + " IN (" + String.join(", ", placeholders) + ")");
    return this;
  }

  /**
   * The conditions so far (but the item's existence) hold, or the item has no {@code attribute}: a
   * write that may create the item, or find one created without it.
   */
  UpdateBuilder orIfAbsent(String attribute) {
    var rest = conditions.stream().filter(c -> !c.equals("attribute_exists(PK)")).toList();
    conditions.clear();
    conditions.add("(attribute_not_exists(" + name(attribute) + ")"
        + (rest.isEmpty() ? "" : " OR (" + String.join(" AND ", rest) + ")") + ")");
    return this;
  }

  String updateExpression() {
    var parts = new ArrayList<String>();
    if (!set.isEmpty()) parts.add("SET " + String.join(", ", set));
    if (!remove.isEmpty()) parts.add("REMOVE " + String.join(", ", remove));
    if (!add.isEmpty()) parts.add("ADD " + String.join(", ", add));
    return String.join(" ", parts);
  }

  String conditionExpression() {
    return conditions.isEmpty() ? null : String.join(" AND ", conditions);
  }

  Map<String, String> names() {
    return names;
  }

  Map<String, AttributeValue> values() {
    return values;
  }
}
