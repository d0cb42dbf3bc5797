import Foundation

/// A C function of an existing shared library, offered to the model as a tool through libffi.
///
/// Loaded once per `plugins.json` entry; `call` is synchronous and thread-safe, meant to run
/// on a worker thread (a C call cannot be interrupted, so the caller enforces the deadline).
public final class FFIFunction: Sendable {
    /// Name (the entry's), description, and the parameter schema derived from the declaration.
    public let definition: ToolDefinition
    public let declaration: FFIDeclaration
    private let interface: FFICallInterface

    /// Opens the library, resolves the symbol (and the `free` function), prepares the call.
    public static func load(
        entryName: String, description: String, declaration: FFIDeclaration
    ) throws(FFIDeclarationError) -> FFIFunction {
        try FFIFunction(entryName: entryName, description: description, declaration: declaration)
    }

    /// Same, from the raw JSON text of the entry's `ffi` object; errors name
    /// `plugins.<entryName>.ffi.<field>`.
    public static func load(entryName: String, description: String, ffiJSON: Data)
        throws(FFIDeclarationError)
        -> FFIFunction
    {
        let declaration = try FFIDeclaration(json: ffiJSON, path: "plugins.\(entryName).ffi")
        return try load(entryName: entryName, description: description, declaration: declaration)
    }

    private init(entryName: String, description: String, declaration: FFIDeclaration)
        throws(FFIDeclarationError)
    {
        // The Responses API accepts only these characters in a function name.
        let allowed = entryName.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                || $0 == "-"
        }
        guard allowed, (1...64).contains(entryName.count) else {
            throw FFIDeclarationError(
                field: "plugins.\(entryName)", reason: "a tool name must be 1-64 letters, digits, _ or -")
        }
        let loader = try FFISymbolLoader(declaration: declaration)
        interface = try FFICallInterface(declaration: declaration, loader: loader)
        self.declaration = declaration
        definition = ToolDefinition(
            name: entryName, description: description,
            parametersJSON: FFISchema.parameters(of: declaration).jsonText)
    }

    /// Converts the model's arguments, calls the function, and shapes the result.
    /// Wrong arguments come back as a failed result; they never reach the C function.
    public func call(argumentsJSON: String) -> FFICallResult {
        let values: [FFIValue]
        do {
            values = try FFIArgumentConverter.convert(
                argumentsJSON: argumentsJSON, parameters: declaration.parameters)
        } catch {
            return .failure(error.reason)
        }
        let result = interface.call(values)
        let spoken = declaration.message.map { template in
            var named = Dictionary(uniqueKeysWithValues: zip(declaration.parameters.map(\.name), values))
            named["result"] = result
            return template.render(named)
        }
        return .success(result, spokenMessage: spoken)
    }
}
