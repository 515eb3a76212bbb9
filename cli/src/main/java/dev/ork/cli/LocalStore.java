package dev.ork.cli;

import dev.ork.core.engine.Engine;
import dev.ork.core.engine.EnginePorts;
import dev.ork.core.engine.EngineSettings;
import dev.ork.core.port.Clock;
import dev.ork.core.port.ExecutorRegistry;
import dev.ork.core.port.MessageQueue;
import dev.ork.infra.payload.FilePayloadStore;
import dev.ork.infra.sqlite.SqliteDatabase;
import dev.ork.infra.sqlite.SqliteDeferredJobStore;
import dev.ork.infra.sqlite.SqliteLogStore;
import dev.ork.infra.sqlite.SqliteRunStore;
import dev.ork.infra.sqlite.SqliteSnapshotStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The embedded SQLite store the local commands share: {@code .ork/ork.db} unless {@code --db} says otherwise. */
public final class LocalStore implements AutoCloseable {
  static final String DEFAULT_DB = ".ork/ork.db";

  public final SqliteDatabase db;
  public final SqliteRunStore runs;
  public final SqliteSnapshotStore snapshots;
  public final SqliteLogStore logs;
  public final SqliteDeferredJobStore jobs;
  public final dev.ork.infra.sqlite.SqliteSlotStore slots;
  public final dev.ork.infra.sqlite.SqliteBackfillStore backfills;
  private final FilePayloadStore payloads;

  private LocalStore(SqliteDatabase db, Path file) {
    this.payloads = FilePayloadStore.besideDatabase(file);
    this.db = db;
    this.runs = new SqliteRunStore(db);
    this.snapshots = new SqliteSnapshotStore(db);
    this.logs = new SqliteLogStore(db);
    this.jobs = new SqliteDeferredJobStore(db);
    this.slots = new dev.ork.infra.sqlite.SqliteSlotStore(db);
    this.backfills = new dev.ork.infra.sqlite.SqliteBackfillStore(db);
  }

  public static LocalStore open(Path file) {
    return new LocalStore(SqliteDatabase.open(file.toString()), file);
  }

  /** How long a finished run's payload files are kept: {@code ORK_RUN_RETENTION_DAYS} (default 30), as on AWS. */
  static Duration retention() {
    var days = System.getenv("ORK_RUN_RETENTION_DAYS");
    try {
      return Duration.ofDays(days == null || days.isBlank() ? 30 : Integer.parseInt(days.trim()));
    } catch (NumberFormatException e) {
      throw new UserError("ORK_RUN_RETENTION_DAYS must be a whole number of days, got '" + days + "'");
    }
  }

  /**
   * Outputs over the inline limit, as files beside the database; payloads of runs past their
   * retention are removed the first time an engine is wired to it.
   */
  public FilePayloadStore payloads() {
    if (!retentionApplied) {
      retentionApplied = true;
      payloads.removeExpired(runs, retention(), java.time.Instant.now());
    }
    return payloads;
  }

  private boolean retentionApplied;

  /** An engine for commands that only change state (cancel): no executors, no queue consumers. */
  Engine controlEngine() {
    MessageQueue<Object> none = new MessageQueue<>() {
      @Override public void send(Object m) { }
      @Override public void sendAfter(Object m, Duration d) { }
    };
    @SuppressWarnings("unchecked")
    var ports = new EnginePorts(snapshots, runs, (MessageQueue) none, (MessageQueue) none,
        new ExecutorRegistry(Map.of()), Clock.system(), () -> UUID.randomUUID().toString(), deferrals(), slots, payloads, backfills);
    return new Engine(ports, EngineSettings.defaults());
  }

  /** Deferred jobs kept in this database, polled by every tracker (AWS clients are made on first use). */
  public dev.ork.core.port.Deferrals deferrals() {
    return dev.ork.core.port.Deferrals.of(jobs, dev.ork.infra.trackers.JobTrackers.standard());
  }

  @Override
  public void close() {
    db.close();
  }
}
