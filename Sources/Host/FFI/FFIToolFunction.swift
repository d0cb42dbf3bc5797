import Foundation
import FunctionABI

/// A plain C function (an `"ffi"` entry of plugins.json) as the catalog sees it.
final class FFIToolFunction: CatalogFunction {
    let function: FFIFunction
    /// The entry as configured (`ffi` object and description), to tell whether a reload
    /// changed it: an unchanged entry keeps this instance and its counters.
    let source: FFIToolSource
    let loadedAt = Date()
    let stats = FunctionStats()

    init(function: FFIFunction, source: FFIToolSource) {
        self.function = function
        self.source = source
    }

    var definition: ToolDefinition { function.definition }
    var kind: String { "ffi" }
    var version: String? { nil }
    var file: String { "\(function.declaration.library):\(function.declaration.symbol)" }

    func invokeBlocking(arguments: String, context: ToolCallContext) -> ToolOutcome {
        function.call(argumentsJSON: arguments).outcome
    }
}

/// What an `"ffi"` entry of plugins.json says; equal sources build equal functions.
struct FFIToolSource: Sendable, Equatable {
    var ffi: JSONValue
    var description: String?
}
