import Foundation
import FunctionABI

/// One generation of tools: what a turn sees from start to end, even across reloads.
final class PluginCatalog: ToolCatalog {
  let definitions: [ToolDefinition]
  let functions: [String: LoadedFunction]
  let timeouts: [String: Int]
  /// Names configured as FFI functions (not served yet) so the model gets a clear error.
  let unavailable: [String: String]
  let pool: PluginWorkerPool

  init(
    functions: [String: LoadedFunction], timeouts: [String: Int], unavailable: [String: String],
    pool: PluginWorkerPool
  ) {
    self.functions = functions
    self.timeouts = timeouts
    self.unavailable = unavailable
    self.pool = pool
    definitions = functions.keys.sorted().compactMap { functions[$0]?.definition }
  }

  func invoke(name: String, arguments: String, context: ToolCallContext) async -> ToolOutcome {
    guard let function = functions[name] else {
      if let reason = unavailable[name] {
        return PluginOutcome.error(
          "unavailable", "The function \(name) is not available: \(reason).")
      }
      return PluginOutcome.error("unknown_function", "There is no function named \(name).")
    }
    guard case .object = JSONValue(parsing: arguments.isEmpty ? "{}" : arguments) else {
      function.stats.record(succeeded: false, nanoseconds: 0)
      return PluginOutcome.error(
        "invalid_arguments", "The arguments for \(name) must be a JSON object.")
    }
    let timeoutMs = timeouts[name] ?? PluginsConfig.defaultTimeoutMs
    let started = DispatchTime.now().uptimeNanoseconds
    let outcome = await PluginDeadline.run(
      on: pool, timeoutMs: timeoutMs,
      onTimeout: PluginOutcome.error(
        "timeout", "The function \(name) did not answer within \(timeoutMs) ms.")
    ) {
      PluginOutcome.from(
        function.invokeBlocking(
          arguments: arguments.isEmpty ? "{}" : arguments, uuid: context.uuid ?? "",
          callID: context.callID))
    }
    function.stats.record(
      succeeded: outcome.succeeded,
      nanoseconds: Int(DispatchTime.now().uptimeNanoseconds - started))
    return outcome
  }

  /// Runs a function on the calling thread, with no deadline (benchmarks and tests).
  func invokeDirect(name: String, arguments: String, uuid: String) -> PluginCallResult? {
    functions[name]?.invokeBlocking(arguments: arguments, uuid: uuid, callID: "direct")
  }
}
