package dev.ork.core.testing;

import dev.ork.core.port.SnapshotStore;
import dev.ork.core.port.SnapshotStoreContract;

class InMemorySnapshotStoreContractTest extends SnapshotStoreContract {
  @Override
  protected SnapshotStore newStore() {
    return new InMemorySnapshotStore();
  }
}
