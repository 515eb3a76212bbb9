package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --help} and {@code -h} work on every verb (issue 9: they used to fail on required parameters). */
class HelpOptionsTest {

  @ParameterizedTest
  @ValueSource(strings = {"validate", "graph", "run", "runs", "status", "logs", "cancel", "remote", "validate-workflow"})
  void everyVerb_printsItsUsageAndExitsZero_forDashDashHelpAndDashH(String verb) {
    for (var flag : new String[] {"--help", "-h"}) {
      var r = OrkCli.executeCaptured(verb, flag);
      assertThat(r.exit()).as("ork " + verb + " " + flag + " exit; stderr: " + r.err()).isZero();
      assertThat(r.out()).as("ork " + verb + " " + flag).contains("Usage: ork " + (verb.equals("validate-workflow") ? "validate" : verb));
      assertThat(r.err()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"start", "status", "runs", "cancel"})
  void remoteVerbs_printTheirUsage_forDashDashHelp(String verb) {
    var r = OrkCli.executeCaptured("remote", verb, "--help");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage: ork remote " + verb);
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "logs"})
  void usageErrorHint_pointsAtAHelpCommandThatWorks(String verb) {
    var r = OrkCli.executeCaptured(verb);
    assertThat(r.exit()).isEqualTo(OrkCli.EXIT_USAGE);
    var hint = r.err().lines().filter(l -> l.startsWith("hint: run `")).findFirst().orElseThrow();
    var command = hint.substring("hint: run `".length(), hint.lastIndexOf('`')).split(" ");
    var help = OrkCli.executeCaptured(java.util.Arrays.copyOfRange(command, 1, command.length));
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: ork " + verb);
  }
}
