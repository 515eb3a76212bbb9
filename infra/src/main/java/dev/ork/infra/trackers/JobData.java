package dev.ork.infra.trackers;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading a deferred job's {@code job_data}; missing fields give ork's message {@code Missing <field> in job_data}. */
final class JobData {
  private JobData() {}

  static String required(JsonNode data, String field) {
    var v = data.path(field);
    if (!v.isValueNode() || v.isNull() || v.asText().isBlank()) {
      throw new IllegalArgumentException("Missing " + field + " in job_data");
    }
    return v.asText();
  }

  /** {@code field}, else {@code fallback} (usually {@code job_id}), else the missing-field error for {@code field}. */
  static String either(JsonNode data, String field, String fallback) {
    var v = data.path(field);
    if (v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
      return v.asText();
    }
    var f = data.path(fallback);
    if (f.isValueNode() && !f.isNull() && !f.asText().isBlank()) {
      return f.asText();
    }
    throw new IllegalArgumentException("Missing " + field + " in job_data");
  }

  static String optional(JsonNode data, String field) {
    var v = data.path(field);
    return v.isValueNode() && !v.isNull() && !v.asText().isBlank() ? v.asText() : null;
  }

  static String orUnknown(String s, String unknown) {
    return s == null || s.isBlank() ? unknown : s;
  }
}
