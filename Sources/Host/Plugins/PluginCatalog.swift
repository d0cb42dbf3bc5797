import Foundation
import FunctionABI

/// One generation of tools: what a turn sees from start to end, even across reloads.
final class PluginCatalog: ToolCatalog {
    let definitions: [ToolDefinition]
    /// Plugin functions and FFI functions alike, keyed by name.
    let functions: [String: any CatalogFunction]
    let timeouts: [String: Int]
    /// Each function's share of the pool, shared with every generation serving the name.
    let bulkheads: [String: PluginBulkhead]
    let pool: PluginWorkerPool

    init(
        functions: [String: any CatalogFunction], timeouts: [String: Int],
        bulkheads: [String: PluginBulkhead] = [:], pool: PluginWorkerPool
    ) {
        self.functions = functions
        self.timeouts = timeouts
        self.bulkheads = bulkheads
        self.pool = pool
        definitions = functions.keys.sorted().compactMap { functions[$0]?.definition }
    }

    func invoke(name: String, arguments: String, context: ToolCallContext) async -> ToolOutcome {
        guard let function = functions[name] else {
            return PluginOutcome.error("unknown_function", "There is no function named \(name).")
        }
        let arguments = arguments.isEmpty ? "{}" : arguments
        guard case .object = JSONValue(parsing: arguments) else {
            function.stats.record(succeeded: false, nanoseconds: 0)
            return PluginOutcome.error(
                "invalid_arguments", "The arguments for \(name) must be a JSON object.")
        }
        let bulkhead = bulkheads[name]
        // Refused at once rather than queued: the slots are held by calls that may hang for
        // good, and a queued call would only wait out its own deadline.
        if let bulkhead, !bulkhead.enter() {
            function.stats.record(succeeded: false, nanoseconds: 0)
            return PluginOutcome.error(
                "busy",
                "The function \(name) is already running \(bulkhead.load.limit) calls, its limit (max_concurrency); try again later."
            )
        }
        let timeoutMs = timeouts[name] ?? PluginsConfig.defaultTimeoutMs
        let started = DispatchTime.now().uptimeNanoseconds
        let outcome = await PluginDeadline.run(
            on: pool, bulkhead: bulkhead, timeoutMs: timeoutMs,
            onTimeout: PluginOutcome.error(
                "timeout", "The function \(name) did not answer within \(timeoutMs) ms.")
        ) {
            function.invokeBlocking(arguments: arguments, context: context)
        }
        function.stats.record(
            succeeded: outcome.succeeded,
            nanoseconds: Int(DispatchTime.now().uptimeNanoseconds - started))
        return outcome
    }

    /// Runs a plugin function through its ABI on the calling thread, with no deadline
    /// (benchmarks and tests).
    func invokeDirect(name: String, arguments: String, uuid: String) -> PluginCallResult? {
        (functions[name] as? LoadedFunction)?.invokeBlocking(
            arguments: arguments, uuid: uuid, callID: "direct")
    }
}
