import Foundation

/// One function a `PluginCatalog` serves, whatever provides it (a plugin file or a plain C
/// function through libffi): what the model is offered, what the listing shows, and a call.
/// The registry tells the kinds apart with `ServedFunction`.
protocol CatalogFunction: AnyObject, Sendable {
    /// Offered to the model; `definition.name` is the function's name.
    var definition: ToolDefinition { get }
    /// The listing's `kind`: "plugin", "ffi" or "mcp".
    var kind: String { get }
    /// The listing's `version`, when the provider declares one.
    var version: String? { get }
    /// The listing's `file`: the plugin file, `library:symbol` for an FFI function, or
    /// `mcp:<server>` for an MCP tool.
    var file: String { get }
    var loadedAt: Date { get }
    /// Shared by every catalog generation that serves this same instance.
    var stats: FunctionStats { get }
    /// Runs the function on the calling thread (a worker, never an event loop); never throws:
    /// failures come back as a failed outcome the model can read.
    func invokeBlocking(arguments: String, context: ToolCallContext) -> ToolOutcome
}
