package dev.ork.infra.payload;

import dev.ork.core.payload.PayloadRef;
import dev.ork.core.port.PayloadStore;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The AWS payload store: objects in the payload bucket (template.yaml {@code PayloadBucket}) under
 * {@code payloads/<run>/<task>/<attempt>/<sha256>.json}; SSE, TLS-only access and the lifecycle expiry
 * are the bucket's. Content addressing makes a put idempotent and two outputs of one attempt two
 * objects, so no write needs a condition. Links are presigned GET URLs. The S3 SDK module ships in
 * the tracker layer (docs/adr/0002-lambda-jar-size.md); clients are built on first use.
 */
public final class S3PayloadStore implements PayloadStore {
  /** How long an API fetch link stays valid. */
  public static final Duration LINK_VALIDITY = Duration.ofMinutes(15);
  private final String bucket;
  private final Supplier<S3Client> s3;
  private final Supplier<S3Presigner> presigner;

  public S3PayloadStore(String bucket, Supplier<S3Client> s3, Supplier<S3Presigner> presigner) {
    this.bucket = bucket;
    this.s3 = dev.ork.infra.trackers.Lazy.of(s3);
    this.presigner = dev.ork.infra.trackers.Lazy.of(presigner);
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public PayloadRef put(String runId, String taskName, int attempt, byte[] json) {
    var sha = PayloadRef.sha256(json);
    var key = PayloadRef.key(runId, taskName, attempt, sha);
    try {
      s3.get().putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(json));
    } catch (SdkException e) {
      throw new PayloadException("cannot write payload s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
    return new PayloadRef("s3://" + bucket + "/" + key, json.length, sha);
  }

  @Override
  public byte[] get(PayloadRef ref) {
    var key = keyOf(ref);
    try {
      return PayloadStore.verified(ref, s3.get().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      throw PayloadStore.gone(ref);
    } catch (SdkException e) {
      throw new PayloadException("cannot read payload " + ref.uri() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> link(PayloadRef ref) {
    return Optional.of(link(ref, LINK_VALIDITY));
  }

  /** A presigned GET URL of the payload, valid for {@code validity}. */
  public String link(PayloadRef ref, Duration validity) {
    var key = keyOf(ref);
    return presigner.get().presignGetObject(p -> p.signatureDuration(validity)
        .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString();
  }

  /** Where a Lambda handler may upload an output too large to return: one object per attempt. */
  public record Upload(String uri, String url) {}

  /** A presigned PUT URL for {@code payloads/<run>/<task>/<attempt>/output.json}, valid for {@code validity}. */
  public Upload upload(String runId, String taskName, int attempt, Duration validity) {
    var key = PayloadRef.attemptPrefix(runId, taskName, attempt) + "output.json";
    var url = presigner.get().presignPutObject(p -> p.signatureDuration(validity)
        .putObjectRequest(r -> r.bucket(bucket).key(key).contentType("application/json"))).url().toString();
    return new Upload("s3://" + bucket + "/" + key, url);
  }

  /** The key of a reference to this bucket's payloads (refused otherwise: a handler may not point elsewhere). */
  String keyOf(PayloadRef ref) {
    var prefix = "s3://" + bucket + "/payloads/";
    if (!ref.uri().startsWith(prefix) || ref.uri().contains("/../")) {
      throw new PayloadException("not a payload of bucket " + bucket + ": " + ref.uri());
    }
    return ref.uri().substring(("s3://" + bucket + "/").length());
  }
}
