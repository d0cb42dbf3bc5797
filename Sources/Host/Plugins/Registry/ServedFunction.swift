/// One function the registry serves, by what provides it. A reload decides by the kind
/// whether an instance is kept (and so its counters and its runner), and the listing shows
/// what each kind adds; the catalog only calls `function`.
enum ServedFunction: Sendable {
    /// A function of a plugin file loaded in the host.
    case native(LoadedFunction)
    /// A plain C function of an `"ffi"` entry, called through libffi.
    case ffi(FFIToolFunction)
    /// An entry with `"isolation": "process"`, served by its runner.
    case isolated(IsolatedFunction)
    /// A tool of an MCP server.
    case mcp(MCPToolFunction)

    /// The function as the catalog calls it and the listing shows it, whatever its kind.
    var function: any CatalogFunction {
        switch self {
        case .native(let function): function
        case .ffi(let function): function
        case .isolated(let function): function
        case .mcp(let function): function
        }
    }

    var native: LoadedFunction? {
        guard case .native(let function) = self else { return nil }
        return function
    }

    var ffi: FFIToolFunction? {
        guard case .ffi(let function) = self else { return nil }
        return function
    }

    var isolated: IsolatedFunction? {
        guard case .isolated(let function) = self else { return nil }
        return function
    }

    var mcp: MCPToolFunction? {
        guard case .mcp(let function) = self else { return nil }
        return function
    }
}

extension ServedFunction {
    /// The function as the reload planners see it.
    var planned: PluginCurrentFunction {
        let kind: PluginCurrentFunction.Kind =
            switch self {
            case .native(let function): .native(image: function.image.copyPath, settings: function.settings)
            case .ffi: .ffi
            case .isolated(let function): .isolated(function.source)
            case .mcp: .mcp
            }
        return PluginCurrentFunction(kind: kind, file: function.file)
    }
}
