import Foundation
import FunctionABI

/// One generation of tools: what a turn sees from start to end, even across reloads.
final class PluginCatalog: ToolCatalog {
    let definitions: [ToolDefinition]
    let hostedTools: [JSONValue]
    /// Plugin functions and FFI functions alike, keyed by name.
    let functions: [String: any CatalogFunction]
    let timeouts: [String: Int]
    /// Each function's share of the pool, shared with every generation serving the name.
    let bulkheads: [String: PluginBulkhead]
    let pool: PluginWorkerPool

    init(
        functions: [String: any CatalogFunction], timeouts: [String: Int],
        bulkheads: [String: PluginBulkhead] = [:], hostedTools: [JSONValue] = [], pool: PluginWorkerPool
    ) {
        self.hostedTools = hostedTools
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
        // Every kind of function is checked here, against its declared schema: refused
        // arguments never reach the function (they count as a failed call).
        if let problem = function.definition.argumentsProblem(arguments) {
            function.stats.record(succeeded: false, nanoseconds: 0)
            return PluginOutcome.refusedArguments(problem)
        }
        let timeoutMs = timeouts[name] ?? PluginsConfig.defaultTimeoutMs
        let started = DispatchTime.now().uptimeNanoseconds
        let bulkhead = bulkheads[name]
        // Beyond the share a call waits for a slot, within its own deadline: what it waits
        // counts against the time its run gets.
        if let bulkhead, !(await bulkhead.enter(waitingAtMost: .milliseconds(timeoutMs))) {
            function.stats.record(
                succeeded: false, nanoseconds: Int(DispatchTime.now().uptimeNanoseconds - started))
            return PluginOutcome.error(
                "timeout",
                "The function \(name) did not answer within \(timeoutMs) ms: all \(bulkhead.load.limit) of its slots (max_concurrency) stayed busy."
            )
        }
        let waitedMs = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        let outcome = await PluginDeadline.run(
            on: pool, bulkhead: bulkhead, timeoutMs: max(1, timeoutMs - waitedMs),
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
}
