import Foundation

extension PluginRegistry {
    /// The admin listing for `GET /plugins` (see `PluginListing.jsonData()` for bytes).
    public func listing() -> PluginListing {
        state.withLock { state in
            var rows = state.active.values.map { served in
                let function = served.function
                var row = PluginListingEntry(
                    name: function.definition.name, kind: function.kind, version: function.version,
                    file: function.file, loadedAt: function.loadedAt, status: "active",
                    error: state.refusedUpdates[function.definition.name],
                    calls: function.stats.calls.load(ordering: .relaxed),
                    failures: function.stats.failures.load(ordering: .relaxed),
                    meanLatencyMs: function.stats.meanLatencyMs)
                if let isolated = served.isolated {
                    row.isolation = "process"
                    row.runner = isolated.supervisor.status
                    row.error = row.error ?? isolated.supervisor.failure
                }
                return row
            }
            rows += state.issues.map { issue in
                var row = issue
                row.isolation = state.config?.plugins[issue.name]?.isolation.name ?? "in-process"
                return row
            }
            for index in rows.indices {
                guard let load = bulkheads.load(of: rows[index].name) else { continue }
                // Stuck calls of a disabled or refused name still hold threads: show them too.
                if rows[index].status == "active" { rows[index].maxConcurrency = load.limit }
                rows[index].inFlight = load.inFlight
                rows[index].abandonedWorkers = load.stuck
                rows[index].waiting = load.waiting
                rows[index].slotTimeouts = load.slotTimeouts
            }
            let serving = Set(
                state.active.values.compactMap { $0.native.map { ObjectIdentifier($0.image) } })
            let retired = state.mapped.filter { record in
                record.image.map { !serving.contains(ObjectIdentifier($0)) } ?? true
            }
            var listing = PluginListing(
                configPath: configPath, configError: state.configError, generation: state.generation,
                functions: rows.sorted { ($0.name, $0.status) < ($1.name, $1.status) },
                retiredImages: retired.count, retiredBytes: retired.reduce(0) { $0 + $1.bytes })
            listing.mcpServers = mcp.listing(configured: state.config?.mcpServers ?? [:])
            return listing
        }
    }
}
