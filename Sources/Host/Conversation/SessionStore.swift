import NIOCore
import Synchronization

/// All live calls' sessions, keyed by uuid: bounded in count and forgotten after idling.
///
/// A lock rather than an actor: every turn looks its session up from its connection's event
/// loop, and a lookup is a few dictionary operations, cheaper than a hop to an actor and back.
/// Sessions are also kept in the order they were last active, so forgetting idle ones and
/// evicting the least recently active cost O(1) each, never a scan of every session, however
/// many new calls arrive at the bound.
public final class SessionStore: Sendable {
    private let table = Mutex(RecencyTable())
    private let maxSessions: Int
    private let idleTimeout: Duration
    /// Called with each session that is dropped (expired, evicted or ended), to clean up remotely.
    private let onRemove: @Sendable (Session) async -> Void

    public init(maxSessions: Int, idleTimeout: Duration, onRemove: @escaping @Sendable (Session) async -> Void) {
        self.maxSessions = maxSessions
        self.idleTimeout = idleTimeout
        self.onRemove = onRemove
    }

    public var count: Int { table.withLock { $0.count } }

    /// The session of a call, created on its first turn; marks it active.
    public func session(for uuid: String) -> Session {
        let now = ContinuousClock.now
        let (session, dropped) = table.withLock { table -> (Session, [Session]) in
            if let session = table.touch(uuid, at: now) { return (session, []) }
            var dropped = table.removeIdle(before: now - idleTimeout)
            if table.count >= maxSessions, let evicted = table.removeLeastRecentlyActive() {
                dropped.append(evicted)
            }
            let session = Session(uuid: uuid)
            table.insert(session, at: now)
            return (session, dropped)
        }
        release(dropped)
        return session
    }

    /// Ends a call's session: its turn is cancelled and its state forgotten. False if unknown.
    public func end(_ uuid: String) async -> Bool {
        guard let session = table.withLock({ $0.remove(uuid) }) else { return false }
        await session.end()
        await onRemove(session)
        return true
    }

    /// Forgets sessions idle for longer than the idle timeout.
    public func removeExpired(now: ContinuousClock.Instant = .now) {
        release(table.withLock { $0.removeIdle(before: now - idleTimeout) })
    }

    /// Ends dropped sessions in the background (their turns unwind, their remote state goes).
    private func release(_ dropped: [Session]) {
        let onRemove = onRemove
        for session in dropped {
            Task(executorPreference: globalConcurrentExecutor) {
                await session.end()
                await onRemove(session)
            }
        }
    }
}

/// Sessions by uuid, and their uuids in the order they were last active (oldest first). A touch
/// appends the uuid again; the older mark stays behind, stale, and is skipped when it comes to
/// the front, and the marks are compacted once stale ones outnumber live ones.
private struct RecencyTable {
    private struct Entry {
        var session: Session
        var lastActive: ContinuousClock.Instant
        /// The mark in `order` that is current for this session.
        var mark: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var order = CircularBuffer<(uuid: String, mark: UInt64)>()
    private var nextMark: UInt64 = 0

    var count: Int { entries.count }

    /// Marks a known session active now and returns it; nil for an unknown uuid.
    mutating func touch(_ uuid: String, at now: ContinuousClock.Instant) -> Session? {
        guard let session = entries[uuid]?.session else { return nil }
        entries[uuid] = Entry(session: session, lastActive: now, mark: appendMark(uuid))
        return session
    }

    mutating func insert(_ session: Session, at now: ContinuousClock.Instant) {
        entries[session.uuid] = Entry(session: session, lastActive: now, mark: appendMark(session.uuid))
    }

    mutating func remove(_ uuid: String) -> Session? {
        entries.removeValue(forKey: uuid)?.session
    }

    /// Removes the sessions last active before `cutoff`, oldest first.
    mutating func removeIdle(before cutoff: ContinuousClock.Instant) -> [Session] {
        var removed: [Session] = []
        while let session = removeOldest(if: { $0.lastActive < cutoff }) { removed.append(session) }
        return removed
    }

    mutating func removeLeastRecentlyActive() -> Session? {
        removeOldest(if: { _ in true })
    }

    /// Removes the least recently active session if it passes `condition`.
    private mutating func removeOldest(if condition: (Entry) -> Bool) -> Session? {
        guard let oldest = oldestEntry(), condition(oldest) else { return nil }
        entries.removeValue(forKey: oldest.session.uuid)
        order.removeFirst()
        return oldest.session
    }

    /// The least recently active session, with stale marks ahead of it dropped.
    private mutating func oldestEntry() -> Entry? {
        while let first = order.first {
            if let entry = entries[first.uuid], entry.mark == first.mark { return entry }
            order.removeFirst()
        }
        return nil
    }

    /// A new mark for `uuid`, last in the order; compacts first, while `entries` still matches it.
    private mutating func appendMark(_ uuid: String) -> UInt64 {
        if order.count > 2 * entries.count + 64 { compact() }
        nextMark += 1
        order.append((uuid, nextMark))
        return nextMark
    }

    /// Keeps only the current marks, in order. O(n log n), after at least n stale marks.
    private mutating func compact() {
        let current = entries.values.map { (uuid: $0.session.uuid, mark: $0.mark) }.sorted { $0.mark < $1.mark }
        order = CircularBuffer(current)
    }
}
