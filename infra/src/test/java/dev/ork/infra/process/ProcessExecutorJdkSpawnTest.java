package dev.ork.infra.process;

/** Every {@link ProcessExecutorTest} case again, tasks started by ProcessBuilder through setsid (ORK_SPAWN=jdk, Java 21). */
class ProcessExecutorJdkSpawnTest extends ProcessExecutorTest {
  @Override
  Spawner spawner() {
    return Spawner.JDK;
  }
}
