import Foundation
import FunctionABI

/// An entry with `"isolation": "process"` as the catalog sees it: its calls go to its
/// supervised runner. In-flight calls hold it like any function, so a replaced version's
/// runner finishes their calls and is stopped when the last reference goes.
final class IsolatedFunction: CatalogFunction {
    let definition: ToolDefinition
    let kind: String
    let version: String?
    let file: String
    let loadedAt = Date()
    let stats = FunctionStats()
    let supervisor: RunnerSupervisor
    /// What the entry was built from: an equal source on reload keeps this runner.
    let source: IsolatedSource
    /// How long a worker waits for the runner: the call's deadline plus `kill_grace_ms`.
    private let waitMs: Int

    init(
        definition: ToolDefinition, version: String?, supervisor: RunnerSupervisor, source: IsolatedSource
    ) {
        self.definition = definition
        self.version = version
        self.supervisor = supervisor
        self.source = source
        kind = source.entry.ffi == nil ? "plugin" : "ffi"
        file = source.file
        waitMs = source.entry.timeoutMs + supervisor.policy.killGraceMs
    }

    deinit {
        supervisor.stop()
    }

    func invokeBlocking(arguments: String, context: ToolCallContext) -> ToolOutcome {
        supervisor.call(arguments: arguments, context: context, waitMs: waitMs)
    }
}

/// An isolated entry as configured, with the file it resolved to (and that file's key, so a
/// new version of the file means a new runner).
struct IsolatedSource: Sendable, Equatable {
    var entry: PluginEntry
    /// The plugin file, or `library:symbol` for an `ffi` entry.
    var file: String
    var key: PluginFileKey?
}
