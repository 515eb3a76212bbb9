package dev.ork.cli.serve;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What keeps a local server that runs shell commands from being a drive-by target (docs/console.md):
 * <ul>
 *   <li>DNS rebinding: the {@code Host} header must name the address it serves ({@code 127.0.0.1},
 *       {@code localhost}, {@code [::1]} on loopback, or the bound address) with its port; any host when
 *       bound to all interfaces (0.0.0.0), where the token is what guards;</li>
 *   <li>CSRF: a state-changing request (anything but GET/HEAD/OPTIONS) whose {@code Origin} is another
 *       origin, or that a browser marks {@code Sec-Fetch-Site: cross-site}, is refused; no CORS headers
 *       are ever sent, so other origins cannot read answers either;</li>
 *   <li>off loopback, every request needs {@code Authorization: Bearer <token>}.</li>
 * </ul>
 */
public final class RequestGuard {
  /** Why a request was refused: HTTP status, stable code, message. */
  record Refusal(int status, String code, String message) {}

  private final Set<String> hosts;
  private final String token;
  private final boolean anyHost;

  RequestGuard(String bind, int port, String token) {
    this.token = token;
    this.anyHost = isWildcard(bind);
    var names = new java.util.HashSet<String>();
    if (isLoopback(bind)) {
      names.addAll(Set.of("127.0.0.1", "localhost", "[::1]"));
    }
    names.add(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
    var withPort = new java.util.HashSet<String>();
    for (var n : names) withPort.add(n.toLowerCase(Locale.ROOT) + ":" + port);
    this.hosts = Set.copyOf(withPort);
  }

  private static boolean isWildcard(String bind) {
    try {
      return InetAddress.getByName(bind).isAnyLocalAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Binding beyond loopback with no token is refused at start. */
  public static Optional<String> startProblem(String bind, String token) {
    if (isLoopback(bind) || (token != null && !token.isBlank())) return Optional.empty();
    return Optional.of("--bind " + bind + " serves beyond this machine: give a bearer token with --token or "
        + "ORK_SERVE_TOKEN (clients send `Authorization: Bearer <token>`), or keep the default 127.0.0.1");
  }

  Optional<Refusal> check(String method, String host, String origin, String fetchSite, String authorization) {
    if (!anyHost && (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT)))) {
      return Optional.of(new Refusal(421, "wrong_host", "Host '" + host + "' is not the address this server serves "
          + "(expected one of " + String.join(", ", new java.util.TreeSet<>(hosts)) + "): refused against DNS rebinding"));
    }
    if (token != null && !token.isBlank() && !tokenMatches(authorization)) {
      return Optional.of(new Refusal(401, "unauthorized", "this server needs `Authorization: Bearer <token>` (the --token it was started with)"));
    }
    boolean changes = !Set.of("GET", "HEAD", "OPTIONS").contains(method.toUpperCase(Locale.ROOT));
    if (changes && "cross-site".equalsIgnoreCase(fetchSite)) {
      return Optional.of(new Refusal(403, "cross_origin", "a state-changing request from another site is refused (CSRF)"));
    }
    if (changes && origin != null && !origin.equalsIgnoreCase("http://" + host)) {
      return Optional.of(new Refusal(403, "cross_origin", "Origin '" + origin + "' is not this server (http://" + host
          + "): state-changing requests from other origins are refused (CSRF)"));
    }
    return Optional.empty();
  }

  private boolean tokenMatches(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    var given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
  }
}
