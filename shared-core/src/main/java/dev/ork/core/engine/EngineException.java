package dev.ork.core.engine;

/** A request the engine refuses; {@code code} is stable and maps to API error codes. */
public final class EngineException extends RuntimeException {

  public enum Code { NOT_FOUND, CONFLICT, INVALID_INPUT }

  private final Code code;

  public EngineException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public Code code() {
    return code;
  }

  static EngineException notFound(String what) {
    return new EngineException(Code.NOT_FOUND, what);
  }

  static EngineException conflict(String what) {
    return new EngineException(Code.CONFLICT, what);
  }
}
