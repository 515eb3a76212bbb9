package dev.ork.core;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * shared-core is the pure domain: it touches files, processes, the system clock, AWS, SQLite and
 * picocli only through its ports. The Maven enforcer bans the libraries; this bans their use.
 */
class CoreDoesNoIoTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ork.core");

  @Test
  void core_usesNoFileProcessOrLibraryIo() {
    noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Process")
        .orShould().dependOnClassesThat().resideInAnyPackage(
            "software.amazon..", "com.amazonaws..", "org.sqlite..", "java.sql..", "picocli..")
        .check(CORE);
  }

  @Test
  void core_neverReadsTheSystemClock() {
    var clockReads = Set.of("currentTimeMillis", "nanoTime", "now", "systemUTC", "systemDefaultZone");
    noClasses().should().callMethodWhere(describe("a read of the system clock", (JavaCall<?> call) -> {
      var owner = call.getTarget().getOwner();
      return clockReads.contains(call.getTarget().getName())
          && (owner.isEquivalentTo(System.class) || owner.getPackageName().equals("java.time"));
    })).orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
        .check(CORE);
  }
}
