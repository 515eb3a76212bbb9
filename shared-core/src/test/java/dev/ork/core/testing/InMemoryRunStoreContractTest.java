package dev.ork.core.testing;

import dev.ork.core.port.RunStore;
import dev.ork.core.port.RunStoreContract;

class InMemoryRunStoreContractTest extends RunStoreContract {
  @Override
  protected RunStore newStore() {
    return new InMemoryRunStore();
  }
}
