package dev.ork.functions;

import static dev.ork.functions.SamTemplate.list;
import static dev.ork.functions.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks what AWS deploys, not the SAM source: template.yaml translated by the SAM translator (the
 * roles, event source mappings and permissions SAM generates included), linted by cfn-lint 1.x, and
 * every IAM policy in it read for grants on {@code Resource: "*"}. Skips with a printed reason where
 * python3, aws-sam-translator or cfn-lint is absent (they ship with this machine image).
 */
class DeployedTemplateTest {

  /**
   * The only actions an Allow may grant on "*": IAM has no resource-level permissions for them, so
   * "*" is the only resource they accept (docs/deploy.md, "What each role can do").
   */
  static final Set<String> RESOURCE_STAR_ALLOWED = Set.of(
      "batch:DescribeJobs",           // reads job status only
      "xray:PutTraceSegments",        // X-Ray active tracing
      "xray:PutTelemetryRecords");

  static final Set<String> POLICY_TYPES = Set.of("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
      "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy");

  @Test
  void cfnLint_findsNothing_inTheTranslatedTemplate() throws Exception {
    DeployedTemplate.load();
    DeployedTemplate.requirePython("cfnlint", "cfn-lint");
    var result = DeployedTemplate.run(SamTemplate.locate().getParent(), List.of("python3", "-c",
        "import sys; from cfnlint.runner import main; sys.argv = ['cfn-lint', '--format', 'parseable', sys.argv[1]];"
            + " main()", DeployedTemplate.OUTPUT.toAbsolutePath().toString()));
    var findings = result.output().lines().filter(l -> !l.isBlank()).toList();
    System.out.printf("[DeployedTemplateTest] cfn-lint on %s: exit %d, %d findings%n",
        DeployedTemplate.OUTPUT, result.exit(), findings.size());
    assertThat(findings).as("cfn-lint findings on the translated template").isEmpty();
    assertThat(result.exit()).as("cfn-lint exit\n" + result.output()).isZero();
  }

  @Test
  void noAllowStatement_grantsResourceStar_exceptTheDocumentedAllowList() throws Exception {
    var resources = map(DeployedTemplate.load().get("Resources"));
    var statements = 0;
    var violations = new ArrayList<String>();
    for (var e : resources.entrySet()) {
      var type = map(e.getValue()).get("Type");
      if (!POLICY_TYPES.contains(type)) continue;
      for (var st : statements(map(map(e.getValue()).get("Properties")))) {
        statements++;
        violations.addAll(starGrants(e.getKey(), st));
      }
    }
    System.out.printf("[DeployedTemplateTest] %d IAM/resource policy statements checked for Resource \"*\"%n", statements);
    assertThat(statements).as("policy statements found (the walk must see the roles)").isGreaterThan(30);
    assertThat(violations).as("Allow statements on Resource \"*\" outside " + RESOURCE_STAR_ALLOWED).isEmpty();
  }

  @Test
  void starCheck_flagsAGrantOnEveryQueue_likeSamsManagedSqsPolicy() {
    var st = Map.<String, Object>of("Effect", "Allow", "Action", List.of("sqs:ReceiveMessage", "batch:DescribeJobs"),
        "Resource", "*");
    assertThat(starGrants("SomeRole", st)).containsExactly("SomeRole: sqs:ReceiveMessage on *");
    assertThat(starGrants("SomeRole", Map.of("Effect", "Allow", "NotResource", "arn:x", "Action", "s3:GetObject")))
        .containsExactly("SomeRole: NotResource grants s3:GetObject on everything else");
  }

  @Test
  void roles_attachNoManagedPolicies_andEveryFunctionUsesItsOwnRole() throws Exception {
    var resources = map(DeployedTemplate.load().get("Resources"));
    var roles = new ArrayList<String>();
    resources.forEach((id, r) -> {
      if ("AWS::IAM::Role".equals(map(r).get("Type"))) {
        roles.add(id);
        assertThat(map(map(r).get("Properties"))).as(id + " ManagedPolicyArns (SAM's AWSLambdaSQSQueueExecutionRole"
            + " and AWSLambdaBasicExecutionRole grant on every queue / log group)").doesNotContainKey("ManagedPolicyArns");
      }
    });
    var functionRoles = new ArrayList<String>();
    resources.forEach((id, r) -> {
      if ("AWS::Lambda::Function".equals(map(r).get("Type"))) {
        functionRoles.add(SamTemplate.target(map(map(r).get("Properties")).get("Role")));
      }
    });
    assertThat(functionRoles).as("one role per function").doesNotHaveDuplicates().doesNotContainNull();
    assertThat(roles).containsAll(functionRoles);
  }

  /** Statements of a role's inline policies, or of a policy resource's PolicyDocument. */
  static List<Map<String, Object>> statements(Map<String, Object> props) {
    var docs = new ArrayList<Object>();
    if (props.containsKey("PolicyDocument")) docs.add(props.get("PolicyDocument"));
    for (var p : list(props.get("Policies"))) docs.add(map(p).get("PolicyDocument"));
    var out = new ArrayList<Map<String, Object>>();
    for (var d : docs) list(map(d).get("Statement")).forEach(s -> out.add(map(s)));
    return out;
  }

  /** Each action an Allow statement grants on "*" (or on everything but NotResource), outside the allow-list. */
  static List<String> starGrants(String owner, Map<String, Object> st) {
    if (!"Allow".equals(st.get("Effect"))) return List.of();
    var out = new ArrayList<String>();
    var actions = list(st.getOrDefault("Action", st.get("NotAction")));
    if (st.containsKey("NotResource")) {
      actions.forEach(a -> out.add(owner + ": NotResource grants " + a + " on everything else"));
      return out;
    }
    if (!list(st.get("Resource")).contains("*")) return out;
    for (var a : actions) {
      if (st.containsKey("NotAction") || !RESOURCE_STAR_ALLOWED.contains(a)) out.add(owner + ": " + a + " on *");
    }
    return out;
  }
}
