package dev.ork.infra.sqlite;

import static dev.ork.infra.store.InstantText.format;

import dev.ork.core.port.SlotStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link SlotStore} on SQLite: one row per held slot ({@code pool_slots}) and per waiter
 * ({@code pool_waiters}); each acquire and release is one write transaction, so the count and the
 * insert cannot interleave with another process's.
 */
public final class SqliteSlotStore implements SlotStore {
  private final SqliteDatabase db;

  public SqliteSlotStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public boolean acquire(String pool, int capacity, String holder, Instant since) {
    int shard = SlotStore.shardOf(holder, capacity);
    // the first statement writes, so the transaction holds the write lock from its start (a read
    // first would fail with SQLITE_BUSY_SNAPSHOT when another process wrote in between)
    return db.write(d -> {
      var take = d.statement("INSERT INTO pool_slots (pool, shard, holder) SELECT ?, ?, ?"
          + " WHERE (SELECT COUNT(*) FROM pool_slots WHERE pool = ? AND shard = ?) < ?"
          + " AND NOT EXISTS (SELECT 1 FROM pool_waiters WHERE pool = ? AND shard = ? AND (since < ? OR (since = ? AND holder < ?)))"
          + " ON CONFLICT DO NOTHING");
      take.setString(1, pool);
      take.setInt(2, shard);
      take.setString(3, holder);
      take.setString(4, pool);
      take.setInt(5, shard);
      take.setInt(6, SlotStore.shardCapacity(capacity, shard));
      take.setString(7, pool);
      take.setInt(8, shard);
      take.setString(9, format(since));
      take.setString(10, format(since));
      take.setString(11, holder);
      take.executeUpdate();
      var held = d.statement("SELECT 1 FROM pool_slots WHERE pool = ? AND holder = ?");
      held.setString(1, pool);
      held.setString(2, holder);
      boolean holds;
      try (var rs = held.executeQuery()) {
        holds = rs.next();
      }
      if (holds) {
        var unwait = d.statement("DELETE FROM pool_waiters WHERE pool = ? AND holder = ?");
        unwait.setString(1, pool);
        unwait.setString(2, holder);
        unwait.executeUpdate();
        return true;
      }
      var wait = d.statement("INSERT OR IGNORE INTO pool_waiters (pool, shard, since, holder) VALUES (?, ?, ?, ?)");
      wait.setString(1, pool);
      wait.setInt(2, shard);
      wait.setString(3, format(since));
      wait.setString(4, holder);
      wait.executeUpdate();
      return false;
    });
  }

  @Override
  public Optional<String> release(String pool, int capacity, String holder) {
    int shard = SlotStore.shardOf(holder, capacity);
    return db.write(d -> {
      var give = d.statement("DELETE FROM pool_slots WHERE pool = ? AND holder = ?");
      give.setString(1, pool);
      give.setString(2, holder);
      give.executeUpdate();
      var unwait = d.statement("DELETE FROM pool_waiters WHERE pool = ? AND holder = ?");
      unwait.setString(1, pool);
      unwait.setString(2, holder);
      unwait.executeUpdate();
      var oldest = d.statement("SELECT holder FROM pool_waiters WHERE pool = ? AND shard = ? ORDER BY since, holder LIMIT 1");
      oldest.setString(1, pool);
      oldest.setInt(2, shard);
      try (var rs = oldest.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
      }
    });
  }

  @Override
  public List<String> holders(String pool, int capacity) {
    return db.read(d -> {
      var st = d.statement("SELECT holder FROM pool_slots WHERE pool = ? ORDER BY holder");
      st.setString(1, pool);
      var out = new ArrayList<String>();
      try (var rs = st.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
      return out;
    });
  }

  @Override
  public void setSlots(String pool, int slots) {
    db.write(d -> {
      var st = d.statement("INSERT INTO pools (name, slots) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET slots = excluded.slots");
      st.setString(1, pool);
      st.setInt(2, slots);
      return st.executeUpdate();
    });
  }

  @Override
  public Optional<Integer> slots(String pool) {
    return db.read(d -> {
      var st = d.statement("SELECT slots FROM pools WHERE name = ?");
      st.setString(1, pool);
      try (var rs = st.executeQuery()) {
        return rs.next() ? Optional.of(rs.getInt(1)) : Optional.<Integer>empty();
      }
    });
  }

  @Override
  public List<Pool> pools() {
    return db.read(d -> {
      var st = d.statement("SELECT p.name, p.slots, (SELECT COUNT(*) FROM pool_slots s WHERE s.pool = p.name)"
          + " FROM pools p ORDER BY p.name");
      var out = new ArrayList<Pool>();
      try (var rs = st.executeQuery()) {
        while (rs.next()) out.add(new Pool(rs.getString(1), rs.getInt(2), rs.getInt(3)));
      }
      return out;
    });
  }

}
