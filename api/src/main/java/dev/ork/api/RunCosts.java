package dev.ork.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ork.core.cost.ListPrices;
import dev.ork.core.cost.RunUsage;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code cost} object of {@code GET /runs/{id}} on AWS (docs/api.md, docs/operations.md "Cost per
 * run"): the usage recorded on the run and its estimate at the list prices of {@code pricingRegion} for
 * the handlers' {@code architecture}. Local runs have no cost object: nothing is metered there.
 */
public record RunCosts(Function<String, Optional<RunUsage>> usage, String pricingRegion, ListPrices.Architecture architecture) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ObjectNode node(String runId) {
    return node(usage.apply(runId).orElse(RunUsage.NONE), pricingRegion, architecture);
  }

  public static ObjectNode node(RunUsage u, String region, ListPrices.Architecture arch) {
    var n = JSON.createObjectNode();
    n.putObject("dynamodb").put("wru", round(u.wru())).put("rru", round(u.rru()));
    n.put("sqsRequests", round(u.sqsRequests()));
    n.putObject("lambda").put("invocations", round(u.invocations())).put("gbSeconds", round(u.gbSeconds()));
    var prices = ListPrices.forRegion(region);
    if (prices.isEmpty()) {
      n.putNull("estimatedUsd");
      n.put("prices", "no list prices for region '" + region + "' in Ork's table (it has " + String.join(", ",
          ListPrices.regions()) + "); set the stack parameter PricingRegion to one of them");
      return n;
    }
    var e = prices.get().estimate(u, arch);
    n.put("estimatedUsd", usd(e.totalUsd()));
    n.putObject("usd").put("dynamodbWrites", usd(e.dynamoDbWrites())).put("dynamodbReads", usd(e.dynamoDbReads()))
        .put("sqs", usd(e.sqs())).put("lambdaRequests", usd(e.lambdaRequests())).put("lambdaDuration", usd(e.lambdaDuration()));
    n.put("prices", e.prices());
    return n;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Dollars to a billionth: a run's orchestration costs millionths of a dollar. */
  private static double usd(double v) {
    return Math.round(v * 1e9) / 1e9;
  }
}
