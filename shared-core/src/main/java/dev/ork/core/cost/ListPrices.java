package dev.ork.core.cost;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * On-demand list prices in USD of the resources Ork's orchestration consumes, per region, without free
 * tiers or discounts. Source: aws.amazon.com/dynamodb/pricing/on-demand (after the 2024-11-01
 * reduction), aws.amazon.com/sqs/pricing (standard queue, beyond the free tier),
 * aws.amazon.com/lambda/pricing (first pricing tier); table compiled {@value #AS_OF}. Only regions whose
 * prices were checked are listed; any other region gets no estimate (docs/operations.md "Cost per run").
 */
public record ListPrices(String region, double perMillionWru, double perMillionRru, double perMillionSqsRequests,
    double perMillionInvocations, double perGbSecondArm64, double perGbSecondX86) {

  /** When the table was compiled (year-month), shown next to every estimate. */
  public static final String AS_OF = "2026-12";

  private static final ListPrices US = new ListPrices("us", 0.625, 0.125, 0.40, 0.20, 0.0000133334, 0.0000166667);
  private static final Map<String, ListPrices> BY_REGION = new TreeMap<>(Map.of(
      "us-east-1", US.in("us-east-1"),
      "us-east-2", US.in("us-east-2"),
      "us-west-2", US.in("us-west-2")));

  public enum Architecture { ARM64, X86_64;
    /** {@code arm64} or {@code x86_64} as template.yaml's Architectures spells them. */
    public static Architecture of(String name) {
      return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
        case "arm64" -> ARM64;
        case "x86_64" -> X86_64;
        default -> throw new IllegalArgumentException("unknown Lambda architecture '" + name
            + "': use arm64 or x86_64 (template.yaml Globals Architectures)");
      };
    }
  }

  public static Optional<ListPrices> forRegion(String region) {
    return Optional.ofNullable(region == null ? null : BY_REGION.get(region.trim().toLowerCase(Locale.ROOT)));
  }

  public static java.util.Set<String> regions() {
    return BY_REGION.keySet();
  }

  private ListPrices in(String r) {
    return new ListPrices(r, perMillionWru, perMillionRru, perMillionSqsRequests, perMillionInvocations, perGbSecondArm64,
        perGbSecondX86);
  }

  /** What {@code u} costs at these prices, by part. */
  public Estimate estimate(RunUsage u, Architecture arch) {
    double perGbS = arch == Architecture.ARM64 ? perGbSecondArm64 : perGbSecondX86;
    return new Estimate(u.wru() * perMillionWru / 1e6, u.rru() * perMillionRru / 1e6,
        u.sqsRequests() * perMillionSqsRequests / 1e6, u.invocations() * perMillionInvocations / 1e6,
        u.gbSeconds() * perGbS, region + " " + AS_OF + " " + arch.name().toLowerCase(Locale.ROOT));
  }

  /** An estimate in USD by part; {@code prices} names the table used ("us-east-1 2026-12 arm64"). */
  public record Estimate(double dynamoDbWrites, double dynamoDbReads, double sqs, double lambdaRequests,
      double lambdaDuration, String prices) {
    public double totalUsd() {
      return dynamoDbWrites + dynamoDbReads + sqs + lambdaRequests + lambdaDuration;
    }
  }
}
