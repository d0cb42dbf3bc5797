import Foundation
import FunctionABI

/// Turns an `"ffi"` entry of plugins.json into a served function: opens the library,
/// resolves the symbol and prepares the call, or refuses with an error naming the field.
enum FFIToolFactory {
    /// Builds the function for entry `name`, reusing `previous` when the entry is unchanged
    /// (so its counters survive a reload and nothing is resolved again).
    static func make(
        name: String, ffi: JSONValue, description: String?, previous: FFIToolFunction?
    ) throws(FFIDeclarationError) -> FFIToolFunction {
        let source = FFIToolSource(ffi: ffi, description: description)
        if let previous, previous.source == source {
            return previous
        }
        let declaration = try FFIDeclaration(
            json: Data(ffi.jsonText.utf8), path: "plugins.\(name).ffi")
        let function = try FFIFunction.load(
            entryName: name,
            // The model needs some description; say what the function is when none is given.
            description: description ?? "Calls the C function \(declaration.symbol) of \(declaration.library).",
            declaration: declaration)
        return FFIToolFunction(function: function, source: source)
    }

    /// The listing's `file` for an entry that failed to load: `library:symbol` as far as
    /// the (possibly malformed) declaration gives them.
    static func file(of ffi: JSONValue) -> String? {
        guard case .object(let fields) = ffi, case .string(let library)? = fields["library"]
        else { return nil }
        guard case .string(let symbol)? = fields["symbol"] else { return library }
        return "\(library):\(symbol)"
    }
}
