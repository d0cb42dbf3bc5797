import Synchronization

/// Every entry's bulkhead, by function name. Kept by the registry across reloads: calls of a
/// replaced version that are still stuck keep counting against the name's share.
final class PluginBulkheads: Sendable {
    private let byName = Mutex<[String: PluginBulkhead]>([:])

    /// The bulkhead of `name`, created on first use, with `limit` applied.
    func bulkhead(for name: String, limit: Int) -> PluginBulkhead {
        byName.withLock { byName in
            if let existing = byName[name] {
                existing.setLimit(limit)
                return existing
            }
            let created = PluginBulkhead(limit: limit)
            byName[name] = created
            return created
        }
    }

    /// The current load of `name`, if it ever served.
    func load(of name: String) -> PluginBulkheadLoad? {
        byName.withLock { $0[name] }?.load
    }
}
