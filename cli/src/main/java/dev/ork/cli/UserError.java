package dev.ork.cli;

/** A mistake of the user's (a missing database, an unknown run): printed as one line, exit 2, no stack trace. */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }
}
