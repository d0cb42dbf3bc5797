/// A C type the FFI bridge can pass or return, named as in `plugins.json`.
public enum FFIType: String, Sendable, CaseIterable {
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case float, double, bool
    /// A NUL-terminated `const char *`, UTF-8.
    case string
    /// Only as a return type.
    case void

    /// The names accepted for a parameter, in the order error messages list them.
    static let parameterNames = allCases.filter { $0 != .void }.map(\.rawValue).joined(
        separator: ", ")
    /// The names accepted for `returns`.
    static let returnNames = allCases.map(\.rawValue).joined(separator: ", ")

    /// The inclusive range of an integer type, as exact 64-bit bounds; nil for other types.
    var integerRange: (min: Int64, max: UInt64)? {
        switch self {
        case .int8: (Int64(Int8.min), UInt64(Int8.max))
        case .int16: (Int64(Int16.min), UInt64(Int16.max))
        case .int32: (Int64(Int32.min), UInt64(Int32.max))
        case .int64: (Int64.min, UInt64(Int64.max))
        case .uint8: (0, UInt64(UInt8.max))
        case .uint16: (0, UInt64(UInt16.max))
        case .uint32: (0, UInt64(UInt32.max))
        case .uint64: (0, UInt64.max)
        default: nil
        }
    }

    var isSigned: Bool {
        switch self {
        case .int8, .int16, .int32, .int64: true
        default: false
        }
    }

    /// The libffi type descriptor's symbol name, looked up at run time (see `FFITypeDescriptors`).
    var ffiSymbol: String {
        switch self {
        case .int8: "ffi_type_sint8"
        case .int16: "ffi_type_sint16"
        case .int32: "ffi_type_sint32"
        case .int64: "ffi_type_sint64"
        case .uint8: "ffi_type_uint8"
        case .uint16: "ffi_type_uint16"
        case .uint32: "ffi_type_uint32"
        case .uint64: "ffi_type_uint64"
        case .float: "ffi_type_float"
        case .double: "ffi_type_double"
        // C `bool` is one byte, passed and returned like uint8 on the ABIs we run on.
        case .bool: "ffi_type_uint8"
        case .string: "ffi_type_pointer"
        case .void: "ffi_type_void"
        }
    }
}
