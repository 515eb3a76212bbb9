package dev.ork.core.port;

import dev.ork.core.payload.PayloadRef;
import java.util.Optional;

/**
 * Where task outputs too large to keep inline are stored (the claim check): files beside the local
 * database, an S3 bucket on AWS. Objects are content-addressed under their attempt
 * ({@code payloads/<run>/<task>/<attempt>/<sha256>.json}), so a duplicated completion writes the same
 * object again and two different outputs of one attempt never overwrite each other.
 */
public interface PayloadStore {

  /** Stores {@code json} (UTF-8) and returns its reference. Idempotent for equal bytes. */
  PayloadRef put(String runId, String taskName, int attempt, byte[] json);

  /**
   * The stored bytes, checked against the reference's size and sha256.
   *
   * @throws PayloadException when the object is missing (expired with its run), changed or unreadable
   */
  byte[] get(PayloadRef ref);

  /** A link that fetches the payload without this store (S3: a presigned GET URL); empty if none. */
  default Optional<String> link(PayloadRef ref) {
    return Optional.empty();
  }

  /** False for the wiring without one: outputs over the inline limit are refused, as before. */
  default boolean supported() {
    return true;
  }

  /** The bytes read for {@code ref}, refused when their size or sha256 differ from the reference's. */
  static byte[] verified(PayloadRef ref, byte[] bytes) {
    if (bytes.length != ref.size() || !PayloadRef.sha256(bytes).equals(ref.sha256())) {
      throw new PayloadException("payload " + ref.uri() + " changed since it was stored (" + bytes.length
          + " bytes, expected " + ref.size() + " with sha256 " + ref.sha256() + ")");
    }
    return bytes;
  }

  /** The error for a payload that is gone. */
  static PayloadException gone(PayloadRef ref) {
    return new PayloadException("payload " + ref.uri() + " no longer exists (removed with its run's retention, or deleted)");
  }

  static PayloadStore none() {
    return None.INSTANCE;
  }

  /** A payload could not be stored or read; the message says which and why. */
  final class PayloadException extends RuntimeException {
    public PayloadException(String message) {
      super(message);
    }

    public PayloadException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** No store: nothing is ever out of line. */
  enum None implements PayloadStore {
    INSTANCE;

    @Override
    public PayloadRef put(String runId, String taskName, int attempt, byte[] json) {
      throw new PayloadException("this wiring has no payload store");
    }

    @Override
    public byte[] get(PayloadRef ref) {
      throw new PayloadException("this wiring has no payload store to read " + ref.uri());
    }

    @Override
    public boolean supported() {
      return false;
    }
  }
}
