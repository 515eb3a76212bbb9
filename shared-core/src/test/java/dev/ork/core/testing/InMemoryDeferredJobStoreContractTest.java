package dev.ork.core.testing;

import dev.ork.core.port.DeferredJobStore;
import dev.ork.core.port.DeferredJobStoreContract;

class InMemoryDeferredJobStoreContractTest extends DeferredJobStoreContract {
  @Override
  protected DeferredJobStore newStore() {
    return new InMemoryDeferredJobStore();
  }
}
