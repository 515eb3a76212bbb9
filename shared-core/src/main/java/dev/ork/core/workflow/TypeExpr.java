package dev.ork.core.workflow;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/** A type with aliases already expanded. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TypeExpr.Primitive.class, name = "primitive"),
  @JsonSubTypes.Type(value = TypeExpr.ArrayType.class, name = "array"),
  @JsonSubTypes.Type(value = TypeExpr.ObjectType.class, name = "object")})
public sealed interface TypeExpr {

  enum Builtin { STR, INT, FLOAT, BOOL, DATE, DATETIME_NOTZ, DATETIME_TZ, DATETIME_UTC;
    public String yamlName() { return name().toLowerCase(java.util.Locale.ROOT); }
  }

  record Primitive(Builtin builtin) implements TypeExpr {
    public String toString() { return builtin.yamlName(); }
  }

  record ArrayType(TypeExpr element) implements TypeExpr {
    public String toString() { return "[" + element + "]"; }
  }

  /** Field order is declaration order. */
  record ObjectType(Map<String, TypeExpr> fields) implements TypeExpr {
    public ObjectType {
      fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    public String toString() {
      var sb = new StringBuilder("{");
      fields.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(v));
      return sb.append('}').toString();
    }
  }
}
