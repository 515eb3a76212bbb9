package dev.ork.infra.dynamodb;

/** A value does not fit a DynamoDB item (400 KB); nothing was written. */
public final class ItemTooLargeException extends RuntimeException {

  public static final int DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

  private final long sizeBytes;
  private final long limitBytes;

  public ItemTooLargeException(String what, long sizeBytes, long limitBytes) {
    super(what + " is " + sizeBytes + " bytes, over the limit of " + limitBytes + " bytes (a DynamoDB item holds at most "
        + DYNAMODB_ITEM_LIMIT_BYTES + " bytes); nothing was written. Keep it smaller or store it elsewhere (e.g. S3) and keep a reference.");
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public long limitBytes() {
    return limitBytes;
  }
}
