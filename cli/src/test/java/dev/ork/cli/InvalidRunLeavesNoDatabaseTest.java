package dev.ork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ork run` opens its database while the workflow compiles (StoreOpening); an invalid workflow must still leave none behind. */
class InvalidRunLeavesNoDatabaseTest {

  @Test
  void invalidWorkflow_leavesNoDatabaseNorFolder_whereNoneWas(@TempDir Path dir) throws Exception {
    var flow = Files.writeString(dir.resolve("bad.yaml"), "name: bad\ntasks:\n  a: {executor: nope}\n");
    var db = dir.resolve("state/ork.db");
    var result = OrkCli.executeCaptured("run", "--db", db.toString(), flow.toString());
    assertThat(result.exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(result.err()).contains("unknown executor 'nope'").contains("not run, the workflow is invalid");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void invalidWorkflow_keepsAnExistingDatabase_andItsRuns(@TempDir Path dir) throws Exception {
    var good = Files.writeString(dir.resolve("good.yaml"), "name: good\ntasks:\n  a: {executor: process, command: \"true\"}\n");
    var bad = Files.writeString(dir.resolve("bad.yaml"), "name: bad\ntasks:\n  a: {executor: process}\n");
    var db = dir.resolve("ork.db");
    assertThat(OrkCli.executeCaptured("run", "-q", "--db", db.toString(), good.toString()).exit()).isEqualTo(OrkCli.EXIT_OK);
    assertThat(OrkCli.executeCaptured("run", "--db", db.toString(), bad.toString()).exit()).isEqualTo(OrkCli.EXIT_INVALID);
    assertThat(db).exists();
    var runs = OrkCli.executeCaptured("runs", "--db", db.toString());
    assertThat(runs.out()).contains("good");
  }
}
