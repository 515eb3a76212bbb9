package dev.ork.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ork.cli.OrkCli;

/**
 * Why a remote call did not succeed, printed as {@code error[<code>]: <message>} (plus a hint) and
 * turned into the exit code: 2 for mistakes to fix (bad input, unknown name, credentials), 1 otherwise.
 */
final class ApiProblem extends RuntimeException {
  final int httpStatus; // 0 when no HTTP answer came back
  final String code;
  final String hint;
  final JsonNode error; // the API's {"error":{…}} object, or null

  ApiProblem(int httpStatus, String code, String message, String hint, JsonNode error) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
    this.hint = hint;
    this.error = error;
  }

  /** A problem of the local setup (no URL, no credentials, no region): nothing was sent. */
  static ApiProblem setup(String code, String message, String hint) {
    return new ApiProblem(0, code, message, hint, null);
  }

  int exitCode() {
    if (code.equals("missing_api_url")) return OrkCli.EXIT_USAGE;
    if (httpStatus == 0) return code.equals("unreachable") ? OrkCli.EXIT_FAILED : OrkCli.EXIT_INVALID;
    if (httpStatus == 409 || httpStatus == 429 || httpStatus >= 500) return OrkCli.EXIT_FAILED;
    return OrkCli.EXIT_INVALID;
  }
}
