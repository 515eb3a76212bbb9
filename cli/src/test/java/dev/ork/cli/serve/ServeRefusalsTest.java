package dev.ork.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ork.cli.OrkCli;
import dev.ork.core.port.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** What `ork serve` refuses, one test per refusal (docs/console.md "Security"), and what it lets through. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeRefusalsTest {
  @TempDir static Path dir;
  private ServeFixture open;
  private ServeFixture withToken;

  @BeforeAll
  void start() throws Exception {
    var flow = Files.writeString(dir.resolve("hello.yaml"), "name: hello\ntasks:\n  a: {executor: process, command: \"true\"}\n");
    open = new ServeFixture(dir.resolve("open.db"), List.of(flow), null, Clock.system());
    withToken = new ServeFixture(dir.resolve("token.db"), List.of(flow), "s3cret-token", Clock.system());
  }

  @AfterAll
  void stop() {
    if (open != null) open.close();
    if (withToken != null) withToken.close();
  }

  @Test
  void aForeignHost_isRefused_againstDnsRebinding() throws Exception {
    var r = open.send("GET", "/v1/workflows", Map.of("Host", "evil.example:" + open.server.port()), null);
    assertThat(r.status()).isEqualTo(421);
    assertThat(r.body()).contains("\"code\":\"wrong_host\"").contains("DNS rebinding");
    var console = open.send("GET", "/", Map.of("Host", "attacker.test"), null);
    assertThat(console.status()).as("the console too").isEqualTo(421);
  }

  @Test
  void loopbackNames_withThePort_areServed() throws Exception {
    for (var host : List.of("127.0.0.1", "localhost", "[::1]")) {
      var r = open.send("GET", "/v1/workflows", Map.of("Host", host + ":" + open.server.port()), null);
      assertThat(r.status()).as(host).isEqualTo(200);
      assertThat(r.body()).contains("\"name\":\"hello\"");
    }
    assertThat(open.send("GET", "/v1/workflows", Map.of("Host", "localhost:1"), null).status()).as("another port").isEqualTo(421);
  }

  @Test
  void aStateChangingRequest_fromAnotherOrigin_isRefused_csrf() throws Exception {
    var before = runs();
    var r = open.send("POST", "/v1/workflows/hello/runs", Map.of("Origin", "https://evil.example"), "{}");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("\"code\":\"cross_origin\"").contains("CSRF");
    assertThat(runs()).as("nothing started").isEqualTo(before);
  }

  private int runs() throws Exception {
    return open.send("GET", "/v1/runs?workflow=hello&limit=100", Map.of(), null).body().split("\"runId\"", -1).length - 1;
  }

  @Test
  void aCrossSiteFetch_isRefused_evenWithoutOrigin() throws Exception {
    var r = open.send("POST", "/v1/workflows/hello/runs", Map.of("Sec-Fetch-Site", "cross-site"), "{}");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("\"code\":\"cross_origin\"");
  }

  @Test
  void answers_carryNoCorsHeaders_andTheSameOriginMayChangeState() throws Exception {
    var r = open.send("POST", "/v1/workflows/hello/runs", Map.of("Origin", "http://" + open.host()), "{}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body()).contains("\"created\":true");
  }

  @Test
  void withAToken_aRequestWithoutIt_isRefused() throws Exception {
    var none = withToken.send("GET", "/v1/workflows", Map.of(), null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).contains("\"code\":\"unauthorized\"");
    var wrong = withToken.send("GET", "/v1/workflows", Map.of("Authorization", "Bearer nope"), null);
    assertThat(wrong.status()).isEqualTo(401);
    var right = withToken.send("GET", "/v1/workflows", Map.of("Authorization", "Bearer s3cret-token"), null);
    assertThat(right.status()).isEqualTo(200);
  }

  @Test
  void bindingBeyondLoopback_withoutAToken_isRefusedAtStart() {
    var r = OrkCli.executeCaptured("serve", "--bind", "0.0.0.0", "--port", "0", "--db", dir.resolve("x.db").toString());
    assertThat(r.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(r.err()).startsWith("error: --bind 0.0.0.0 serves beyond this machine: give a bearer token with --token");
    assertThat(RequestGuard.startProblem("0.0.0.0", "t")).isEmpty();
    assertThat(RequestGuard.startProblem("127.0.0.1", null)).isEmpty();
  }
}
