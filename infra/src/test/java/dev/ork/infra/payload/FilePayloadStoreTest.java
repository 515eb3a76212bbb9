package dev.ork.infra.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ork.core.payload.PayloadRef;
import dev.ork.core.port.PayloadStore;
import dev.ork.core.port.PayloadStoreContract;
import dev.ork.core.run.Run;
import dev.ork.core.run.RunStatus;
import dev.ork.infra.sqlite.SqliteDatabase;
import dev.ork.infra.sqlite.SqliteRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Payload files beside a real SQLite database: the contract, atomic placement, retention. */
class FilePayloadStoreTest extends PayloadStoreContract {
  @TempDir Path dir;
  private FilePayloadStore store;
  private SqliteDatabase db;

  @Override
  protected PayloadStore store() {
    if (store == null) store = FilePayloadStore.besideDatabase(dir.resolve("ork.db"));
    return store;
  }

  @AfterEach
  void close() {
    if (db != null) db.close();
  }

  @Test
  void aPayload_isOneFileUnderPayloadsRunTaskAttempt_andNoPartialFileIsLeft() throws Exception {
    var ref = store().put("run-9", "load[2]", 3, json(1000, 'e'));
    var file = store.fileOf(ref);
    assertThat(dir.resolve("payloads").relativize(file).toString()).isEqualTo("run-9/load.2/3/" + ref.sha256() + ".json");
    assertThat(ref.uri()).isEqualTo("file:payloads/run-9/load.2/3/" + ref.sha256() + ".json");
    try (var siblings = Files.list(file.getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly(ref.sha256() + ".json");
    }
  }

  @Test
  void aChangedFile_isRefused_andAReferenceOutsideThePayloadsFolderToo() throws Exception {
    var ref = store().put("run-9", "t", 1, json(100, 'f'));
    Files.write(store.fileOf(ref), json(100, 'g'));
    assertThatThrownBy(() -> store.get(ref)).hasMessageContaining("changed since it was stored");
    var escape = new PayloadRef("file:payloads/../ork.db", 1, ref.sha256());
    assertThatThrownBy(() -> store.get(escape)).hasMessageContaining("not a local payload");
  }

  @Test
  void retention_removesThePayloadsOfRunsFinishedLongerAgo_andOfRunsNoLongerStored_keepingTheRest() throws Exception {
    db = SqliteDatabase.open(dir.resolve("ork.db").toString());
    var runs = new SqliteRunStore(db);
    var now = Instant.parse("2026-12-01T00:00:00Z");
    runs.createRun(run("old", now.minus(Duration.ofDays(40))), List.of());
    runs.createRun(run("recent", now.minus(Duration.ofDays(2))), List.of());
    runs.createRun(run("going", now.minus(Duration.ofDays(90))), List.of());
    for (var id : List.of("old", "recent", "going")) {
      runs.transitionRun(id, Set.of(RunStatus.PENDING), RunStatus.RUNNING, now.minus(Duration.ofDays(90)), null);
    }
    runs.transitionRun("old", Set.of(RunStatus.RUNNING), RunStatus.SUCCEEDED, now.minus(Duration.ofDays(31)), null);
    runs.transitionRun("recent", Set.of(RunStatus.RUNNING), RunStatus.FAILED, now.minus(Duration.ofDays(1)), "x");
    var old = store().put("old", "t", 1, json(100, 'h'));
    var recent = store().put("recent", "t", 1, json(100, 'i'));
    var going = store().put("going", "t", 1, json(100, 'j'));
    var deleted = store().put("deleted-run", "t", 1, json(100, 'k'));

    assertThat(store.removeExpired(runs, Duration.ofDays(30), now)).isEqualTo(2);

    assertThat(store.fileOf(old)).doesNotExist();
    assertThat(dir.resolve("payloads/old")).doesNotExist();
    assertThat(store.fileOf(deleted)).doesNotExist();
    assertThat(store.get(recent)).isEqualTo(json(100, 'i'));
    assertThat(store.get(going)).isEqualTo(json(100, 'j'));
    assertThatThrownBy(() -> store.get(old)).hasMessageContaining("no longer exists");
  }

  private static Run run(String id, Instant created) {
    return new Run(id, "wf", "sha256:x", RunStatus.PENDING, "test", null, null, 0, 0, 0, null, created, null, null);
  }
}
