package dev.ork.infra.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The hand-written fixed-width text is exactly what the JDK formatter writes and reads. */
class InstantTextTest {
  private static final DateTimeFormatter JDK =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

  @Property(tries = 2000)
  void formatsAsTheJdkDoes_andParsesBack(@ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long second,
      @ForAll @LongRange(min = 0, max = 999_999_999) long nano) {
    var instant = Instant.ofEpochSecond(second, nano);
    var text = InstantText.format(instant);
    assertThat(text).isEqualTo(JDK.format(instant)).hasSize(30);
    assertThat(InstantText.parse(text)).isEqualTo(instant);
  }

  @Test
  void outsideYears0To9999_andOtherIsoText_fallBackToTheJdk() {
    var far = Instant.parse("+12026-01-02T03:04:05Z");
    assertThat(InstantText.format(far)).isEqualTo(JDK.format(far));
    assertThat(InstantText.parse("2026-01-02T03:04:05Z")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(InstantText.parse(null)).isNull();
    assertThat(InstantText.format(null)).isNull();
  }

  @Test
  void badText_isRefusedAsTheJdkRefusesIt() {
    assertThatThrownBy(() -> InstantText.parse("2026-02-30T03:04:05.000000000Z")).isInstanceOf(java.time.DateTimeException.class);
    assertThatThrownBy(() -> InstantText.parse("2026-01-02T25:04:05.000000000Z")).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> InstantText.parse("2026-0x-02T03:04:05.000000000Z")).isInstanceOf(DateTimeParseException.class);
  }
}
