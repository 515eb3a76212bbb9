package dev.ork.core.testing;

import dev.ork.core.port.PayloadStore;
import dev.ork.core.port.PayloadStoreContract;

class InMemoryPayloadStoreContractTest extends PayloadStoreContract {
  private final InMemoryPayloadStore store = new InMemoryPayloadStore();

  @Override
  protected PayloadStore store() {
    return store;
  }
}
