package dev.ork.core.run;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An explicit transition table: every legal (from, to) pair with the trigger that causes it. */
public final class StateMachine<S extends Enum<S>> {

  public record Transition<S>(S from, S to, String trigger) {}

  private final Class<S> type;
  private final Map<S, Set<S>> allowed;
  private final List<Transition<S>> transitions;

  private StateMachine(Class<S> type, List<Transition<S>> transitions) {
    this.type = type;
    this.transitions = List.copyOf(transitions);
    this.allowed = new EnumMap<>(type);
    for (var t : transitions) {
      allowed.computeIfAbsent(t.from(), k -> EnumSet.noneOf(type)).add(t.to());
    }
  }

  public static <S extends Enum<S>> Builder<S> builder(Class<S> type) {
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

  public static final class Builder<S extends Enum<S>> {
    private final Class<S> type;
    private final List<Transition<S>> transitions = new ArrayList<>();

    private Builder(Class<S> type) {
      this.type = type;
    }

    public Builder<S> on(String trigger, S from, S to) {
      transitions.add(new Transition<>(from, to, trigger));
      return this;
    }

    public StateMachine<S> build() {
      return new StateMachine<>(type, transitions);
    }
  }
}
