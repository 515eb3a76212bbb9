package dev.ork.infra.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ork.core.payload.PayloadRef;
import dev.ork.core.port.PayloadStore;
import dev.ork.core.port.PayloadStoreContract;
import dev.ork.infra.aws.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 payload store against moto server's S3 (a real emulator: objects, presigned URLs, errors). */
class MotoS3PayloadStoreTest extends PayloadStoreContract {
  private S3Client s3;
  private S3PayloadStore store;
  private String bucket;

  @BeforeEach
  void bucket() {
    s3 = MotoServer.s3("MotoS3PayloadStoreTest");
    bucket = "ork-payloads-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    store = new S3PayloadStore(bucket, () -> s3, () -> MotoServer.s3Presigner("MotoS3PayloadStoreTest"));
  }

  @Override
  protected PayloadStore store() {
    return store;
  }

  @Test
  void anObject_isKeyedByRunTaskAttemptAndDigest() {
    var ref = store.put("run-7", "load[1]", 2, json(500, 'm'));
    assertThat(ref.uri()).isEqualTo("s3://" + bucket + "/payloads/run-7/load.1/2/" + ref.sha256() + ".json");
    var head = s3.headObject(b -> b.bucket(bucket).key(store.keyOf(ref)));
    assertThat(head.contentLength()).isEqualTo(500);
  }

  @Test
  void aPresignedLink_fetchesTheBytes_withoutCredentials() throws Exception {
    var bytes = json(70_000, 'n');
    var ref = store.put("run-7", "t", 1, bytes);
    var link = store.link(ref).orElseThrow();
    assertThat(link).contains("X-Amz-Signature=").contains("X-Amz-Expires=900");
    var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(bytes);
  }

  @Test
  void aChangedObject_isRefused_andAReferenceToAnotherBucketToo() {
    var ref = store.put("run-7", "t", 1, json(100, 'o'));
    s3.putObject(b -> b.bucket(bucket).key(store.keyOf(ref)), RequestBody.fromBytes(json(100, 'p')));
    assertThatThrownBy(() -> store.get(ref)).hasMessageContaining("changed since it was stored");
    var elsewhere = new PayloadRef("s3://other-bucket/payloads/run-7/t/1/x.json", 1, "x");
    assertThatThrownBy(() -> store.get(elsewhere)).hasMessageContaining("not a payload of bucket " + bucket);
  }
}
