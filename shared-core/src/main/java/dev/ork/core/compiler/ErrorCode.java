package dev.ork.core.compiler;

import java.util.Locale;

/**
 * Stable diagnostic codes of the workflow compiler. The kebab-case {@link #code()} is part of the
 * public contract (docs/workflow-yaml.md documents each one); never rename one, only add.
 */
public enum ErrorCode {
  FILE_NOT_READABLE("the workflow file does not exist or cannot be read"),
  FILE_TOO_LARGE("the workflow file is larger than the 5 MB cap"),
  NOT_UTF8("the file is not valid UTF-8 text"),
  YAML_SYNTAX("the YAML itself is malformed"),
  YAML_LIMIT("the YAML exceeds a safety limit (aliases, nesting depth)"),
  EMPTY_DOCUMENT("the file holds no YAML document"),
  MULTIPLE_DOCUMENTS("the file holds more than one YAML document"),
  DUPLICATE_KEY("a mapping repeats a key"),
  UNKNOWN_KEY("a key that the language does not define"),
  FIELD_NOT_ALLOWED("a known task field that the task's executor does not take"),
  MISSING_FIELD("a required field is absent"),
  WRONG_KIND("a value has the wrong YAML kind (string, number, list, mapping)"),
  EMPTY_VALUE("a string that must not be blank is blank"),
  INVALID_IDENTIFIER("a name does not match the identifier syntax"),
  OUT_OF_RANGE("a number is outside its allowed range"),
  INVALID_SCHEDULE("the schedule is not a valid cron or rate expression"),
  NO_TASKS("the workflow defines no task"),
  UNKNOWN_EXECUTOR("the executor kind is not one Ork runs"),
  TASK_FILE_NOT_FOUND("a task's file does not exist under the workflow folder"),
  UNKNOWN_DEPENDENCY("depends_on names a task that does not exist"),
  SELF_DEPENDENCY("a task depends on itself"),
  DUPLICATE_DEPENDENCY("depends_on lists a task twice"),
  DEPENDENCY_CYCLE("the dependencies form a cycle"),
  UNKNOWN_TYPE("a type name is neither a builtin nor types.<Alias>"),
  LEGACY_TYPE("a legacy type name such as string or integer"),
  UNKNOWN_ALIAS("types.<Alias> names an alias that is not defined"),
  ALIAS_CYCLE("type aliases refer to each other in a loop"),
  RESERVED_ALIAS("an alias reuses a builtin type name"),
  BAD_ARRAY_TYPE("an array type does not have exactly one element type"),
  INPUT_TYPE_NOT_OBJECT("input_type does not resolve to an object type"),
  MISSING_INPUT_TYPE("inputs are given but the task declares no input_type"),
  MISSING_OUTPUT_TYPE("a ref reads a task that declares no output_type"),
  MISSING_BINDING("input_type declares an argument that inputs does not bind"),
  UNKNOWN_BINDING("inputs binds an argument that input_type does not declare"),
  BAD_BINDING("a binding is not exactly one of {const: ...} or {ref: ...}"),
  BAD_REF("a ref is not of the form tasks.<task>.output[.field...] or names no task"),
  REF_NOT_DEPENDENCY("a ref reads a task that is not in depends_on"),
  REF_MISSING_FIELD("a ref's field path does not exist in the output type"),
  TYPE_MISMATCH("a ref's type is not assignable to the argument's type"),
  FOREACH_NOT_LIST("a foreach ref does not resolve to a list type"),
  FOREACH_REQUIRED("item, item_index or max_concurrency is used in a task without foreach"),
  CONST_MISMATCH("a const value does not fit the argument's type"),
  PYTHON_SYNTAX("a python task's file does not parse as Python", true),
  PYTHON_FUNCTION_NOT_FOUND("a python task's function is not defined at the top level of its file", true),
  PYTHON_UNBOUND_ARGUMENT("the function has a required argument that inputs does not bind", true),
  PYTHON_UNKNOWN_ARGUMENT("inputs binds an argument the function does not take", true),
  PYTHON_TYPE_MISMATCH("an argument's Python annotation contradicts its input_type", true);

  private final String summary;
  private final boolean needsPython;

  ErrorCode(String summary) {
    this(summary, false);
  }

  ErrorCode(String summary, boolean needsPython) {
    this.summary = summary;
    this.needsPython = needsPython;
  }

  /** True for codes only reported when the compiler has {@link PythonSignatures} (the CLI has). */
  public boolean needsPython() {
    return needsPython;
  }

  /** The stable kebab-case code printed as {@code error[<code>]}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public String summary() {
    return summary;
  }
}
