#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Moves checked values into C argument slots and reads a C result back, per libffi's rules.
enum FFIMarshalling {
    /// Writes `value` into its 8-byte slot; a string is copied with `strdup` into `strings`,
    /// which the caller frees after the call.
    static func store(
        _ value: FFIValue, as type: FFIType, at slot: UnsafeMutableRawPointer,
        strings: inout [UnsafeMutablePointer<CChar>]
    ) {
        switch (type, value) {
        case (.int8, .signed(let v)): slot.storeBytes(of: Int8(truncatingIfNeeded: v), as: Int8.self)
        case (.int16, .signed(let v)): slot.storeBytes(of: Int16(truncatingIfNeeded: v), as: Int16.self)
        case (.int32, .signed(let v)): slot.storeBytes(of: Int32(truncatingIfNeeded: v), as: Int32.self)
        case (.int64, .signed(let v)): slot.storeBytes(of: v, as: Int64.self)
        case (.uint8, .unsigned(let v)):
            slot.storeBytes(of: UInt8(truncatingIfNeeded: v), as: UInt8.self)
        case (.uint16, .unsigned(let v)):
            slot.storeBytes(of: UInt16(truncatingIfNeeded: v), as: UInt16.self)
        case (.uint32, .unsigned(let v)):
            slot.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self)
        case (.uint64, .unsigned(let v)): slot.storeBytes(of: v, as: UInt64.self)
        case (.float, .float(let v)): slot.storeBytes(of: v, as: Float.self)
        case (.double, .double(let v)): slot.storeBytes(of: v, as: Double.self)
        case (.bool, .bool(let v)): slot.storeBytes(of: v ? 1 : 0, as: UInt8.self)
        case (.string, .string(let v?)):
            // A private copy: the callee may hold on to it only for the call's duration.
            let copy = strdup(v)!
            strings.append(copy)
            slot.storeBytes(of: copy, as: UnsafeMutablePointer<CChar>.self)
        default: preconditionFailure("value \(value) does not match \(type)")
        }
    }

    /// Reads the result buffer; a returned string is copied, then given to `release` if any.
    static func load(
        _ result: UnsafeMutableRawPointer, as returnType: FFIType, release: FFICallInterface.Release?
    ) -> FFIValue {
        let word = result.load(as: UInt64.self)
        switch returnType {
        case .int8: return .signed(Int64(Int8(truncatingIfNeeded: word)))
        case .int16: return .signed(Int64(Int16(truncatingIfNeeded: word)))
        case .int32: return .signed(Int64(Int32(truncatingIfNeeded: word)))
        case .int64: return .signed(Int64(bitPattern: word))
        case .uint8: return .unsigned(UInt64(UInt8(truncatingIfNeeded: word)))
        case .uint16: return .unsigned(UInt64(UInt16(truncatingIfNeeded: word)))
        case .uint32: return .unsigned(UInt64(UInt32(truncatingIfNeeded: word)))
        case .uint64: return .unsigned(word)
        case .float: return .float(result.load(as: Float.self))
        case .double: return .double(result.load(as: Double.self))
        case .bool: return .bool(UInt8(truncatingIfNeeded: word) != 0)
        case .void: return .void
        case .string:
            guard let pointer = result.load(as: UnsafeMutablePointer<CChar>?.self) else {
                return .string(nil)
            }
            // Copied (invalid UTF-8 repaired) before the owner's release function runs.
            let text = String(
                decoding: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
            release?(pointer)
            return .string(text)
        }
    }
}
