package dev.ork.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LambdaBillingTest {
  @Test
  void durationIsBilledInWholeMillisecondsRoundedUp() {
    assertThat(LambdaBilling.billedMillis(0)).isEqualTo(1);
    assertThat(LambdaBilling.billedMillis(1)).isEqualTo(1);
    assertThat(LambdaBilling.billedMillis(1_000_000)).isEqualTo(1);
    assertThat(LambdaBilling.billedMillis(1_000_001)).isEqualTo(2);
    assertThat(LambdaBilling.billedMillis(250_400_000)).isEqualTo(251);
  }

  @Test
  void gbSecondsAreMemoryInGibTimesBilledSeconds() {
    assertThat(LambdaBilling.gbSeconds(1024, 1_000_000_000L)).isCloseTo(1.0, within(1e-12));
    assertThat(LambdaBilling.gbSeconds(128, 100_000_001L)).isCloseTo(0.125 * 0.101, within(1e-12));
  }

  @Test
  void impossibleInputsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> LambdaBilling.billedMillis(-5)).hasMessageContaining("-5 ns");
    assertThatThrownBy(() -> LambdaBilling.gbSeconds(0, 1)).hasMessageContaining("0 MB");
  }
}
