/// All live calls' sessions, keyed by uuid: bounded in count and forgotten after idling.
public actor SessionStore {
    private struct Entry {
        var session: Session
        var lastActive: ContinuousClock.Instant
    }

    private var entries: [String: Entry] = [:]
    private let maxSessions: Int
    private let idleTimeout: Duration
    /// Called with each session that is dropped (expired, evicted or ended), to clean up remotely.
    private let onRemove: @Sendable (Session) async -> Void

    public init(maxSessions: Int, idleTimeout: Duration, onRemove: @escaping @Sendable (Session) async -> Void) {
        self.maxSessions = maxSessions
        self.idleTimeout = idleTimeout
        self.onRemove = onRemove
    }

    public var count: Int { entries.count }

    /// The session of a call, created on its first turn; marks it active.
    public func session(for uuid: String) -> Session {
        let now = ContinuousClock.now
        if let entry = entries[uuid] {
            entries[uuid]?.lastActive = now
            return entry.session
        }
        removeExpired(now: now)
        if entries.count >= maxSessions,
            let oldest = entries.min(by: { $0.value.lastActive < $1.value.lastActive })
        {
            drop(oldest.key)
        }
        let session = Session(uuid: uuid)
        entries[uuid] = Entry(session: session, lastActive: now)
        return session
    }

    /// Ends a call's session: its turn is cancelled and its state forgotten. False if unknown.
    public func end(_ uuid: String) async -> Bool {
        guard let entry = entries.removeValue(forKey: uuid) else { return false }
        await entry.session.end()
        await onRemove(entry.session)
        return true
    }

    /// Forgets sessions idle for longer than the idle timeout.
    public func removeExpired(now: ContinuousClock.Instant = .now) {
        for (uuid, entry) in entries where now - entry.lastActive > idleTimeout {
            drop(uuid)
        }
    }

    private func drop(_ uuid: String) {
        guard let entry = entries.removeValue(forKey: uuid) else { return }
        let onRemove = onRemove
        Task {
            await entry.session.end()
            await onRemove(entry.session)
        }
    }
}
