import FunctionABI

/// The one place where a plugins.json entry with an `"ffi"` object becomes a tool.
/// libffi support is written separately; until it lands every such entry is reported as
/// "ffi: not available yet" and the model gets a clear error if it calls one.
enum FFIToolFactory {
  static let notAvailable = "ffi: not available yet"

  /// Returns the reason the entry cannot be served (nil once FFI tools exist).
  static func unavailableReason(name: String, spec: JSONValue) -> String? {
    notAvailable
  }
}
