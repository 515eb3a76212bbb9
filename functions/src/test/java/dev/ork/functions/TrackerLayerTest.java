package dev.ork.functions;

import static dev.ork.functions.SamTemplate.list;
import static dev.ork.functions.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The tracker SDK modules ship in a Lambda layer, not in the code jar (docs/adr/0002-lambda-jar-size.md).
 * Checks the template attaches the layer to every function, and, once packaged (the verify phase runs
 * this again), that the jar leaves the modules out, the layer holds them as java/lib jars, and a JVM
 * with the jar plus the layer builds every tracker client and marshals its requests, while the jar
 * alone cannot.
 */
class TrackerLayerTest {
  static final Path LAYER = Path.of("target", "tracker-layer", "java", "lib");
  static final List<String> MODULES = List.of("batch", "glue", "athena", "sfn", "cloudwatchlogs", "eventbridge", "lambda", "s3");
  /** What only the s3 module uses, in the layer beside it (not service packages of their own). */
  static final List<String> S3_ONLY = List.of("aws-xml-protocol", "aws-query-protocol", "arns", "crt-core");

  @Test
  void template_attachesTheTrackerLayerToEveryFunction() {
    var template = SamTemplate.load();
    var layer = template.resource("TrackerSdkLayer");
    assertThat(layer.get("Type")).isEqualTo("AWS::Serverless::LayerVersion");
    var props = map(layer.get("Properties"));
    assertThat(props.get("ContentUri")).isEqualTo("functions/target/tracker-layer");
    assertThat(list(props.get("CompatibleRuntimes"))).containsExactly("java21");
    assertThat(list(props.get("CompatibleArchitectures"))).containsExactly("arm64");
    for (var id : template.ofType("AWS::Serverless::Function")) {
      var layers = list(template.functionProperty(id, "Layers"));
      assertThat(layers).as(id + " layers").anySatisfy(l -> assertThat(map(l).get("Ref")).isEqualTo("TrackerSdkLayer"));
    }
  }

  @Test
  void packagedJarAndLayer_runTheTrackerClientsTogether_andTheJarAloneDoesNot() throws Exception {
    var expect = Boolean.getBoolean("ork.expectShadedJar");
    if (!Files.isRegularFile(TemplateTest.JAR) || !Files.isDirectory(LAYER)) {
      if (expect) fail("the shaded jar or the tracker layer is missing after package");
      Assumptions.abort("not packaged yet; checked in the verify phase");
    }
    try (var zip = new ZipFile(TemplateTest.JAR.toFile())) {
      var names = new HashSet<String>();
      zip.stream().forEach(e -> names.add(e.getName()));
      assertThat(names).contains("dev/ork/infra/trackers/TrackerClientsCheck.class",
          "software/amazon/awssdk/services/ecs/EcsClient.class");
      for (var m : MODULES) {
        assertThat(names).as("jar leaves out " + m).noneMatch(n -> n.startsWith("software/amazon/awssdk/services/" + m + "/"));
      }
    }
    var jars = new ArrayList<String>();
    try (var files = Files.list(LAYER)) {
      files.forEach(f -> jars.add(f.getFileName().toString()));
    }
    assertThat(jars).hasSize(MODULES.size() + S3_ONLY.size());
    for (var m : java.util.stream.Stream.concat(MODULES.stream(), S3_ONLY.stream()).toList()) {
      assertThat(jars).as("layer has " + m).anyMatch(j -> j.startsWith(m + "-") && j.endsWith(".jar"));
    }
    long layerBytes = 0;
    try (var files = Files.list(LAYER)) {
      for (var f : files.toList()) layerBytes += Files.size(f);
    }
    System.out.println("[TrackerLayerTest] jar " + Files.size(TemplateTest.JAR) + " bytes, layer " + layerBytes + " bytes");

    var withLayer = run(TemplateTest.JAR + java.io.File.pathSeparator + LAYER + "/*");
    assertThat(withLayer.exit).as(withLayer.output).isZero();
    assertThat(withLayer.output).contains("ok ecs", "ok batch", "ok glue", "ok athena", "ok stepfunctions", "ok logs", "ok events", "ok s3", "ok lambda");
    var jarOnly = run(TemplateTest.JAR.toString());
    assertThat(jarOnly.exit).as(jarOnly.output).isNotZero();
    assertThat(jarOnly.output).containsAnyOf("NoClassDefFoundError", "FAIL");
  }

  private record Result(int exit, String output) {}

  private static Result run(String classpath) throws IOException, InterruptedException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var p = new ProcessBuilder(java, "-cp", classpath, "dev.ork.infra.trackers.TrackerClientsCheck")
        .redirectErrorStream(true).start();
    var out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("TrackerClientsCheck did not finish in 60 s: " + out);
    }
    return new Result(p.exitValue(), out);
  }
}
