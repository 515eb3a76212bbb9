package dev.ork.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ork.core.payload.PayloadRef;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What every {@link PayloadStore} must do; each store's test extends this with a real backend. */
public abstract class PayloadStoreContract {
  protected abstract PayloadStore store();

  /** A JSON string value of {@code n} bytes, different for each {@code seed}. */
  public static byte[] json(int n, char seed) {
    var b = new byte[n];
    Arrays.fill(b, (byte) seed);
    b[0] = '"';
    b[n - 1] = '"';
    return b;
  }

  @Test
  void put_thenGet_returnsTheSameBytes_andTheRefCarriesSizeAndDigest() {
    var bytes = json(300_000, 'a');
    var ref = store().put("run-1", "extract", 1, bytes);
    assertThat(ref.size()).isEqualTo(bytes.length);
    assertThat(ref.sha256()).isEqualTo(PayloadRef.sha256(bytes));
    assertThat(store().get(ref)).isEqualTo(bytes);
  }

  @Test
  void putTwice_sameBytes_givesTheSameRef() {
    var bytes = json(1000, 'b');
    assertThat(store().put("run-1", "t", 2, bytes)).isEqualTo(store().put("run-1", "t", 2, bytes));
  }

  @Test
  void twoDifferentPayloadsOfOneAttempt_neverOverwriteEachOther() {
    var first = store().put("run-2", "t[3]", 1, json(1000, 'c'));
    var second = store().put("run-2", "t[3]", 1, json(1000, 'd'));
    assertThat(first.uri()).isNotEqualTo(second.uri());
    assertThat(store().get(first)).isEqualTo(json(1000, 'c'));
    assertThat(store().get(second)).isEqualTo(json(1000, 'd'));
  }

  @Test
  void get_ofAMissingPayload_saysItNoLongerExists() {
    var ref = store().put("run-3", "t", 1, "\"x\"".getBytes(StandardCharsets.UTF_8));
    var missing = new PayloadRef(ref.uri().replace(ref.sha256(), "0".repeat(64)), ref.size(), "0".repeat(64));
    assertThatThrownBy(() -> store().get(missing)).isInstanceOf(PayloadStore.PayloadException.class)
        .hasMessageContaining("no longer exists");
  }
}
