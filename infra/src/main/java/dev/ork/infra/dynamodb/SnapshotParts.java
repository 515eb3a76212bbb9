package dev.ork.infra.dynamodb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A snapshot's JSON too large for one item (DynamoDB's 400 KB), as gzip split into parts of at most
 * {@link #PART_BYTES}: the snapshot item holds part 0 and the count, items {@code SNAP#<hash>#<i>}
 * the rest. {@link #MAX_PARTS} parts hold far more than the 5 MiB workflow source the API accepts.
 */
final class SnapshotParts {
  static final int PART_BYTES = 350_000;
  static final int MAX_PARTS = 64;

  private SnapshotParts() {}

  static List<byte[]> split(String json) {
    var gz = gzip(json);
    var parts = new ArrayList<byte[]>();
    for (int from = 0; from < gz.length; from += PART_BYTES) {
      parts.add(java.util.Arrays.copyOfRange(gz, from, Math.min(gz.length, from + PART_BYTES)));
    }
    if (parts.size() > MAX_PARTS) {
      throw new ItemTooLargeException("snapshot (gzip, in " + MAX_PARTS + " parts)", gz.length,
          (long) MAX_PARTS * PART_BYTES);
    }
    return parts;
  }

  static String join(List<byte[]> parts) {
    var all = new ByteArrayOutputStream();
    parts.forEach(all::writeBytes);
    try (var in = new GZIPInputStream(new ByteArrayInputStream(all.toByteArray()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("snapshot parts do not decompress", e);
    }
  }

  private static byte[] gzip(String json) {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
