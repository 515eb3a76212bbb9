package dev.ork.core.workflow;

/**
 * Names of a foreach task's instances: {@code <task>[<index>]}, one task row each in a run. Task
 * names are identifiers, so a name with brackets is always an instance.
 */
public final class Instances {
  private Instances() {}

  public static String name(String task, int index) {
    return task + "[" + index + "]";
  }

  /** True for an instance name such as {@code square[3]}. */
  public static boolean isInstance(String name) {
    return name.endsWith("]") && name.indexOf('[') > 0;
  }

  /** The foreach task an instance belongs to ({@code square[3]} → {@code square}); any other name as is. */
  public static String parentOf(String name) {
    return isInstance(name) ? name.substring(0, name.indexOf('[')) : name;
  }

  /** The element index of an instance name; -1 for a name that is not an instance. */
  public static int indexOf(String name) {
    if (!isInstance(name)) return -1;
    try {
      return Integer.parseInt(name.substring(name.indexOf('[') + 1, name.length() - 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
