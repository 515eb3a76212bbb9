package dev.ork.infra.local;

import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.MessageQueueContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class InProcessQueueContractTest extends MessageQueueContract {

  @Override
  protected <T> MessageQueue<T> queue(Class<T> type) {
    return new InProcessQueue<>();
  }

  @Override
  protected <T> List<T> receiveAll(MessageQueue<T> queue, Duration wait) {
    var q = (InProcessQueue<T>) queue;
    var out = new ArrayList<T>();
    try {
      T first = q.poll(wait);
      if (first == null) return out;
      out.add(first);
      for (T m; (m = q.poll(Duration.ZERO)) != null; ) out.add(m);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return out;
  }

  @Override
  protected String backend() {
    return "InProcessQueue";
  }
}
