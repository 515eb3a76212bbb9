package dev.ork.infra.sqs;

import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a poison message to a DLQ explicitly: the original body, unchanged, with the reason in the
 * String message attribute {@value #ERROR_ATTRIBUTE} and the source message id in
 * {@value #SOURCE_ID_ATTRIBUTE}.
 */
public final class DeadLetterQueue {

  public static final String ERROR_ATTRIBUTE = "ork-error";
  public static final String SOURCE_ID_ATTRIBUTE = "ork-source-message-id";
  private static final int MAX_REASON_CHARS = 2000;

  private final SqsClient sqs;
  private final String dlqUrl;

  public DeadLetterQueue(SqsClient sqs, String dlqUrl) {
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    this.dlqUrl = Objects.requireNonNull(dlqUrl, "dlqUrl");
  }

  public String url() {
    return dlqUrl;
  }

  public void send(String originalBody, String reason, String sourceMessageId) {
    String r = reason == null || reason.isBlank() ? "unknown error" : reason;
    if (r.length() > MAX_REASON_CHARS) r = r.substring(0, MAX_REASON_CHARS) + "…";
    String why = r;
    // SQS rejects an empty body; keep the message visible as such.
    String body = originalBody == null || originalBody.isEmpty() ? "<empty body>" : originalBody;
    sqs.sendMessage(b -> {
      b.queueUrl(dlqUrl).messageBody(body);
      var attrs = new java.util.HashMap<String, MessageAttributeValue>();
      attrs.put(ERROR_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(why).build());
      if (sourceMessageId != null && !sourceMessageId.isEmpty()) {
        attrs.put(SOURCE_ID_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(sourceMessageId).build());
      }
      b.messageAttributes(attrs);
    });
  }
}
