package dev.ork.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ListPricesTest {
  private final ListPrices us = ListPrices.forRegion("us-east-1").orElseThrow();

  @Test
  void aMillionOfEachUnitCostsItsListPrice() {
    var e = us.estimate(new RunUsage(1e6, 1e6, 1e6, 1e6, 1), ListPrices.Architecture.X86_64);
    assertThat(e.dynamoDbWrites()).isCloseTo(0.625, within(1e-12));
    assertThat(e.dynamoDbReads()).isCloseTo(0.125, within(1e-12));
    assertThat(e.sqs()).isCloseTo(0.40, within(1e-12));
    assertThat(e.lambdaRequests()).isCloseTo(0.20, within(1e-12));
    assertThat(e.lambdaDuration()).isCloseTo(0.0000166667, within(1e-15));
    assertThat(e.totalUsd()).isCloseTo(0.625 + 0.125 + 0.40 + 0.20 + 0.0000166667, within(1e-12));
  }

  @Test
  void arm64SecondsAreCheaperThanX86Ones_andTheEstimateNamesItsTable() {
    var u = new RunUsage(0, 0, 0, 0, 1000);
    var arm = us.estimate(u, ListPrices.Architecture.ARM64);
    assertThat(arm.lambdaDuration()).isCloseTo(0.0133334, within(1e-12));
    assertThat(arm.lambdaDuration()).isLessThan(us.estimate(u, ListPrices.Architecture.X86_64).lambdaDuration());
    assertThat(arm.prices()).isEqualTo("us-east-1 " + ListPrices.AS_OF + " arm64");
  }

  @Test
  void aTypicalRunCostsItsUnitsTimesThePrices() {
    // 100 tasks at about the per-task figures of AwsRequestCostReport
    var run = new RunUsage(734, 125.5, 123, 12, 2.5);
    var e = us.estimate(run, ListPrices.Architecture.ARM64);
    double expected = 734 * 0.625e-6 + 125.5 * 0.125e-6 + 123 * 0.40e-6 + 12 * 0.20e-6 + 2.5 * 0.0000133334;
    assertThat(e.totalUsd()).isCloseTo(expected, within(1e-15));
  }

  @Test
  void onlyCheckedRegionsHavePrices() {
    assertThat(ListPrices.forRegion(" US-WEST-2 ")).isPresent();
    assertThat(ListPrices.forRegion("eu-west-1")).isEmpty();
    assertThat(ListPrices.forRegion(null)).isEmpty();
    assertThat(ListPrices.regions()).contains("us-east-1", "us-east-2", "us-west-2");
  }

  @Test
  void anUnknownArchitectureSaysWhichOnesExist() {
    assertThat(ListPrices.Architecture.of("arm64")).isEqualTo(ListPrices.Architecture.ARM64);
    assertThat(ListPrices.Architecture.of("x86_64")).isEqualTo(ListPrices.Architecture.X86_64);
    assertThatThrownBy(() -> ListPrices.Architecture.of("sparc")).hasMessageContaining("use arm64 or x86_64");
  }

  @Test
  void usageAddsAndScalesByPart() {
    var a = new RunUsage(1, 2, 3, 4, 5);
    assertThat(a.plus(a.scaled(0.5))).isEqualTo(new RunUsage(1.5, 3, 4.5, 6, 7.5));
    assertThat(a.minus(a).isNegligible()).isTrue();
    assertThat(a.isNegligible()).isFalse();
  }
}
