import Synchronization

/// All live calls' sessions, keyed by uuid: bounded in count and forgotten after idling.
///
/// A lock rather than an actor: every turn looks its session up, and a lookup is a few
/// dictionary operations, cheaper than a hop to an actor's executor and back.
public final class SessionStore: Sendable {
    private struct Entry {
        var session: Session
        var lastActive: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let maxSessions: Int
    private let idleTimeout: Duration
    /// Called with each session that is dropped (expired, evicted or ended), to clean up remotely.
    private let onRemove: @Sendable (Session) async -> Void

    public init(maxSessions: Int, idleTimeout: Duration, onRemove: @escaping @Sendable (Session) async -> Void) {
        self.maxSessions = maxSessions
        self.idleTimeout = idleTimeout
        self.onRemove = onRemove
    }

    public var count: Int { entries.withLock { $0.count } }

    /// The session of a call, created on its first turn; marks it active.
    public func session(for uuid: String) -> Session {
        let now = ContinuousClock.now
        let (session, dropped) = entries.withLock { entries -> (Session, [Session]) in
            if entries[uuid] != nil {
                entries[uuid]?.lastActive = now
                return (entries[uuid]!.session, [])
            }
            // Below the bound a new call costs O(1): the sweeper forgets idle sessions. At the
            // bound, idle ones go first, then the least recently active.
            var dropped: [Session] = []
            if entries.count >= maxSessions {
                dropped = Self.removeExpired(from: &entries, now: now, idleTimeout: idleTimeout)
            }
            if entries.count >= maxSessions,
                let oldest = entries.min(by: { $0.value.lastActive < $1.value.lastActive }),
                let evicted = entries.removeValue(forKey: oldest.key)
            {
                dropped.append(evicted.session)
            }
            let session = Session(uuid: uuid)
            entries[uuid] = Entry(session: session, lastActive: now)
            return (session, dropped)
        }
        release(dropped)
        return session
    }

    /// Ends a call's session: its turn is cancelled and its state forgotten. False if unknown.
    public func end(_ uuid: String) async -> Bool {
        guard let entry = entries.withLock({ $0.removeValue(forKey: uuid) }) else { return false }
        await entry.session.end()
        await onRemove(entry.session)
        return true
    }

    /// Forgets sessions idle for longer than the idle timeout.
    public func removeExpired(now: ContinuousClock.Instant = .now) {
        release(entries.withLock { Self.removeExpired(from: &$0, now: now, idleTimeout: idleTimeout) })
    }

    private static func removeExpired(
        from entries: inout [String: Entry], now: ContinuousClock.Instant, idleTimeout: Duration
    ) -> [Session] {
        var expired: [String] = []
        for (uuid, entry) in entries where now - entry.lastActive > idleTimeout { expired.append(uuid) }
        return expired.compactMap { entries.removeValue(forKey: $0)?.session }
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
