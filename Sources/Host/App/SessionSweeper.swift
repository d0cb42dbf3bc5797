import ServiceLifecycle

/// Forgets idle sessions once a minute, so a call that never said goodbye frees its state.
struct SessionSweeper: Service {
    let sessions: SessionStore

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(60)) }
            sessions.removeExpired()
        }
    }
}
