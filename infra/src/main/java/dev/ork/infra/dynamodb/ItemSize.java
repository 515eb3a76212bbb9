package dev.ork.infra.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB's item-size arithmetic (attribute names plus values), slightly over-estimating numbers. */
final class ItemSize {
  private ItemSize() {}

  static long of(Map<String, AttributeValue> item) {
    long n = 0;
    for (var e : item.entrySet()) {
      n += utf8(e.getKey()) + of(e.getValue());
    }
    return n;
  }

  static long of(AttributeValue v) {
    if (v.s() != null) return utf8(v.s());
    if (v.n() != null) return 21;
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) return 1;
    if (v.hasSs()) return v.ss().stream().mapToLong(ItemSize::utf8).sum();
    if (v.hasM()) return 3 + v.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + of(e.getValue())).sum();
    if (v.hasL()) return 3 + v.l().stream().mapToLong(x -> 1 + of(x)).sum();
    if (v.b() != null) return v.b().asByteArray().length;
    return 0;
  }

  static long utf8(String s) {
    return dev.ork.infra.store.LogCap.utf8Length(s);
  }

  /** Throws {@link ItemTooLargeException} when {@code item} exceeds the DynamoDB item limit. */
  static void check(String what, Map<String, AttributeValue> item) {
    long size = of(item);
    if (size > ItemTooLargeException.DYNAMODB_ITEM_LIMIT_BYTES) {
      throw new ItemTooLargeException(what, size, ItemTooLargeException.DYNAMODB_ITEM_LIMIT_BYTES);
    }
  }
}
