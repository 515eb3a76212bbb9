package dev.ork.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A client mistake with its HTTP status and stable code; rendered as {@code {"error":{code,message,…}}}. */
public final class ApiError extends RuntimeException {
  final int status;
  final String code;
  final JsonNode details;

  ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  ApiError(int status, String code, String message, JsonNode details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  static ApiError invalidInput(String message) {
    return new ApiError(400, "invalid_input", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonNode details() {
    return details;
  }
}
