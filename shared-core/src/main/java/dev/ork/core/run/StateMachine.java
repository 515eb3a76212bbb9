package dev.ork.core.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An explicit transition table: every legal (from, to) pair with the trigger that causes it, and the
 * engine triggers ({@code E}) each row serves. The guard of every conditional status write is read
 * from here ({@link #guard}), so a new transition is one row.
 */
public final class StateMachine<S extends Enum<S>, E extends Enum<E>> {

  public record Transition<S>(S from, S to, String trigger) {}

  private final Class<S> type;
  private final Map<S, Set<S>> allowed;
  private final List<Transition<S>> transitions;
  private final Map<E, Map<S, Set<S>>> sourcesByTrigger = new HashMap<>();

  private StateMachine(Class<S> type, List<Transition<S>> transitions, List<Map.Entry<E, Transition<S>>> served) {
    this.type = type;
    this.transitions = List.copyOf(transitions);
    this.allowed = new EnumMap<>(type);
    for (var t : transitions) {
      allowed.computeIfAbsent(t.from(), k -> EnumSet.noneOf(type)).add(t.to());
    }
    for (var e : served) {
      sourcesByTrigger.computeIfAbsent(e.getKey(), k -> new EnumMap<>(type))
          .computeIfAbsent(e.getValue().to(), k -> EnumSet.noneOf(type)).add(e.getValue().from());
    }
    sourcesByTrigger.values().forEach(m -> m.replaceAll((to, from) -> Collections.unmodifiableSet(from)));
  }

  /** The statuses a write for {@code trigger} may move to {@code to} from: its guard. Empty if none. */
  public Set<S> guard(E trigger, S to) {
    return sourcesByTrigger.getOrDefault(trigger, Map.of()).getOrDefault(to, Set.of());
  }

  /**
   * The guard of a write fenced on the status its decision saw: {@code observed} alone. Throws when
   * the table has no such row for {@code trigger}, since the engine decided a transition it forbids.
   */
  public Set<S> guard(E trigger, S observed, S to) {
    if (!guard(trigger, to).contains(observed)) {
      throw new IllegalStateException("no transition " + observed + " -> " + to + " on " + trigger);
    }
    return Set.of(observed);
  }

  /** Every trigger with a row {@code from -> to}. */
  public Set<E> triggersOf(S from, S to) {
    var out = new java.util.LinkedHashSet<E>();
    sourcesByTrigger.forEach((e, byTo) -> {
      if (byTo.getOrDefault(to, Set.of()).contains(from)) out.add(e);
    });
    return out;
  }

  public static <S extends Enum<S>, E extends Enum<E>> Builder<S, E> builder(Class<S> type, Class<E> triggers) {
    return new Builder<>(type);
  }

  public boolean allows(S from, S to) {
    return allowed.getOrDefault(from, Set.of()).contains(to);
  }

  /** The states from which {@code to} is reachable in one step: the guard of a conditional write. */
  public Set<S> sourcesOf(S to) {
    var sources = EnumSet.noneOf(type);
    transitions.stream().filter(t -> t.to() == to).forEach(t -> sources.add(t.from()));
    return sources;
  }

  public List<Transition<S>> transitions() {
    return transitions;
  }

  /** A Mermaid state diagram of the table, as docs/state-machines.md shows it. */
  public String mermaid() {
    var sb = new StringBuilder("stateDiagram-v2\n");
    for (var t : transitions) {
      sb.append("    ").append(t.from().name()).append(" --> ").append(t.to().name())
          .append(": ").append(t.trigger()).append('\n');
    }
    return sb.toString();
  }

  public static final class Builder<S extends Enum<S>, E extends Enum<E>> {
    private final Class<S> type;
    private final List<Transition<S>> transitions = new ArrayList<>();
    private final List<Map.Entry<E, Transition<S>>> served = new ArrayList<>();

    private Builder(Class<S> type) {
      this.type = type;
    }

    /** A legal transition, described by {@code trigger}, and the engine triggers that take it. */
    @SafeVarargs
    public final Builder<S, E> on(String trigger, S from, S to, E first, E... more) {
      var t = new Transition<>(from, to, trigger);
      transitions.add(t);
      served.add(Map.entry(first, t));
      for (var e : more) served.add(Map.entry(e, t));
      return this;
    }

    public StateMachine<S, E> build() {
      return new StateMachine<>(type, transitions, served);
    }
  }
}
