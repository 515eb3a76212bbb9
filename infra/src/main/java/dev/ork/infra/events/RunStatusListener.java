package dev.ork.infra.events;

/** Told of every run status change that a conditional write applied; must not throw for a delivery problem. */
@FunctionalInterface
public interface RunStatusListener {
  void changed(RunStatusChange change);
}
