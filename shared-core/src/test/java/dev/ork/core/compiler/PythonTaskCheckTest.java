package dev.ork.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which Python annotations the signature check understands (the rest is left unchecked). */
class PythonTaskCheckTest {

  @Test
  void baseName_seesThroughOptionalUnionsAndAnnotated() {
    assertThat(PythonTaskCheck.baseName("int")).isEqualTo("int");
    assertThat(PythonTaskCheck.baseName("Optional[int]")).isEqualTo("int");
    assertThat(PythonTaskCheck.baseName("typing.Optional[str]")).isEqualTo("str");
    assertThat(PythonTaskCheck.baseName("float | None")).isEqualTo("float");
    assertThat(PythonTaskCheck.baseName("None | bool")).isEqualTo("bool");
    assertThat(PythonTaskCheck.baseName("Annotated[int, Field(gt=0)]")).isEqualTo("int");
    assertThat(PythonTaskCheck.baseName("list[dict[str, int]]")).isEqualTo("list");
    assertThat(PythonTaskCheck.baseName("typing.Dict[str, int]")).isEqualTo("Dict");
  }

  @Test
  void baseName_isNull_forAnnotationsOrkCannotCheck() {
    assertThat(PythonTaskCheck.baseName(null)).isNull();
    assertThat(PythonTaskCheck.baseName("Report")).isNull();
    assertThat(PythonTaskCheck.baseName("datetime.date")).isNull();
    assertThat(PythonTaskCheck.baseName("Any")).isNull();
    assertThat(PythonTaskCheck.baseName("int | str")).isNull();
  }
}
