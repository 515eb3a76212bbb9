package dev.ork.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Checks a JSON value against a type, deeply. Used for const bindings and for task outputs. */
public final class TypeCheck {
  private TypeCheck() {}

  /** Every mismatch, each as {@code <path>: expected <type>, got <json type>}; empty when it fits. */
  public static List<String> problems(TypeExpr type, JsonNode value) {
    var out = new ArrayList<String>();
    check(type, value, "$", out);
    return out;
  }

  private static void check(TypeExpr type, JsonNode value, String path, List<String> out) {
    switch (type) {
      case TypeExpr.Primitive p -> checkPrimitive(p.builtin(), value, path, out);
      case TypeExpr.ArrayType a -> {
        if (value == null || !value.isArray()) {
          out.add(path + ": expected " + type + ", got " + describe(value));
          return;
        }
        for (int i = 0; i < value.size(); i++) check(a.element(), value.get(i), path + "[" + i + "]", out);
      }
      case TypeExpr.ObjectType o -> {
        if (value == null || !value.isObject()) {
          out.add(path + ": expected " + type + ", got " + describe(value));
          return;
        }
        o.fields().forEach((name, fieldType) -> {
          if (!value.has(name)) out.add(path + "." + name + ": missing field of type " + fieldType);
          else check(fieldType, value.get(name), path + "." + name, out);
        });
        value.fieldNames().forEachRemaining(name -> {
          if (!o.fields().containsKey(name)) out.add(path + "." + name + ": unexpected field");
        });
      }
    }
  }

  private static void checkPrimitive(TypeExpr.Builtin b, JsonNode v, String path, List<String> out) {
    boolean ok = v != null && switch (b) {
      case STR -> v.isTextual();
      case INT -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
      case FLOAT -> v.isNumber();
      case BOOL -> v.isBoolean();
      case DATE -> v.isTextual() && Temporal.isDate(v.asText());
      case DATETIME_NOTZ -> v.isTextual() && Temporal.isDateTimeNoTz(v.asText());
      case DATETIME_TZ -> v.isTextual() && Temporal.isDateTimeTz(v.asText());
      case DATETIME_UTC -> v.isTextual() && Temporal.isDateTimeUtc(v.asText());
    };
    if (!ok) out.add(path + ": expected " + b.yamlName() + ", got " + describe(v));
  }

  static String describe(JsonNode v) {
    if (v == null || v.isMissingNode()) return "nothing";
    if (v.isNull()) return "null";
    if (v.isTextual()) return "string \"" + abbreviate(v.asText()) + "\"";
    if (v.isIntegralNumber()) return "int " + v.asText();
    if (v.isNumber()) return "float " + v.asText();
    if (v.isBoolean()) return "bool " + v.asText();
    if (v.isArray()) return "an array";
    return "an object";
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  /** The temporal formats of reference §1.4. */
  static final class Temporal {
    private Temporal() {}

    static boolean isDate(String s) {
      return parses(() -> java.time.LocalDate.parse(s)) && s.length() == 10;
    }

    static boolean isDateTimeNoTz(String s) {
      return parses(() -> java.time.LocalDateTime.parse(s));
    }

    static boolean isDateTimeTz(String s) {
      return parses(() -> java.time.OffsetDateTime.parse(s));
    }

    static boolean isDateTimeUtc(String s) {
      return s.endsWith("Z") && isDateTimeTz(s);
    }

    private static boolean parses(Runnable r) {
      try {
        r.run();
        return true;
      } catch (java.time.format.DateTimeParseException e) {
        return false;
      }
    }
  }
}
