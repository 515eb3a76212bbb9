package dev.ork.core.testing;

import dev.ork.core.port.InMemorySlotStore;
import dev.ork.core.port.SlotStore;
import dev.ork.core.port.SlotStoreContract;

class InMemorySlotStoreContractTest extends SlotStoreContract {
  @Override
  protected SlotStore newStore() {
    return new InMemorySlotStore();
  }
}
