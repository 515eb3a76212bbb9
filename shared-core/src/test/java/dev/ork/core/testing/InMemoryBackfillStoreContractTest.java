package dev.ork.core.testing;

import dev.ork.core.port.BackfillStore;
import dev.ork.core.port.BackfillStoreContract;
import dev.ork.core.port.InMemoryBackfillStore;

class InMemoryBackfillStoreContractTest extends BackfillStoreContract {
  @Override
  protected BackfillStore newStore() {
    return new InMemoryBackfillStore();
  }
}
