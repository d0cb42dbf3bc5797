/// Names one job submitted to a `PluginWorkerPool`, to withdraw it while it waits.
public struct PluginJobTicket: Sendable, Hashable {
    let id: UInt64
}
