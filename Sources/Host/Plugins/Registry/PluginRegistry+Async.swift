import Foundation

extension PluginRegistry {
    /// Runs a reload on a thread of its own: it opens files and calls plugins' init, which
    /// must not hold up the event loop or Swift's cooperative pool.
    public func reloadOffTheEventLoop() async -> PluginReloadReport {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.reload()) }.start()
        }
    }
}

extension PluginRegistry {
    /// The first load and the start of watching, on a thread of its own (see above).
    public func startOffTheEventLoop() async -> PluginReloadReport {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.start()) }.start()
        }
    }
}
