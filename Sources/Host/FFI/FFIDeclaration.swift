import Foundation
import FunctionABI

/// The `ffi` object of a `plugins.json` entry: which C function to call and its signature.
public struct FFIDeclaration: Sendable, Equatable {
    /// One parameter of the C function, in call order.
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var type: FFIType
        public var description: String?
    }

    /// A soname (`libm.so.6`) or a path, given to `dlopen` as is.
    public var library: String
    public var symbol: String
    public var returns: FFIType
    /// For `returns: "string"`: the function that releases the result, or nil for a static string.
    public var free: String?
    public var parameters: [Parameter]
    /// Spoken to the caller after a successful call; nil for silence.
    public var message: FFIMessageTemplate?
    /// The declaration's path, `plugins.<entry>.ffi`, used in later error messages.
    public var path: String

    /// Parses the raw JSON text of an `ffi` object; errors name fields under `path`.
    public init(json: Data, path: String) throws(FFIDeclarationError) {
        guard let value = try? JSONValue.parse(json) else {
            throw FFIDeclarationError(field: path, reason: "not valid JSON")
        }
        try self.init(value: value, path: path)
    }

    init(value: JSONValue, path: String) throws(FFIDeclarationError) {
        let fields = FFIFieldReader(value: value, path: path)
        try fields.requireObject(allowed: [
            "library", "symbol", "returns", "free", "parameters", "message",
        ])
        self.path = path
        library = try fields.string("library")
        symbol = try fields.string("symbol")
        returns = try fields.type("returns", allowVoid: true)
        let freeName = try fields.optionalString("free")
        if returns == .string {
            // Required so that an operator decides ownership instead of leaking by default.
            guard let freeName else {
                throw FFIDeclarationError(
                    field: "\(path).free",
                    reason:
                        "required when returns is string: a function name such as \"free\", or \"none\" for a static string"
                )
            }
            free = freeName == "none" ? nil : freeName
        } else if freeName != nil {
            throw FFIDeclarationError(
                field: "\(path).free", reason: "only allowed when returns is string")
        } else {
            free = nil
        }
        parameters = try fields.parameters()
        if let template = try fields.optionalString("message") {
            message = try FFIMessageTemplate(
                parsing: template, names: parameters.map(\.name) + ["result"], field: "\(path).message")
        } else {
            message = nil
        }
    }
}

extension FFIDeclaration: Decodable {
    /// Decodes from a larger `plugins.json` document; errors name the coding path,
    /// e.g. `plugins.power.ffi.symbol`.
    public init(from decoder: any Decoder) throws {
        let path = decoder.codingPath.map { key in
            key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
        }
        .joined().drop(while: { $0 == "." })
        try self.init(value: JSONValue(from: decoder), path: path.isEmpty ? "ffi" : String(path))
    }
}
