/// Why an `ffi` entry of `plugins.json` was refused, naming the field at fault.
public struct FFIDeclarationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's path, e.g. `plugins.power.ffi.parameters[1].type`.
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
