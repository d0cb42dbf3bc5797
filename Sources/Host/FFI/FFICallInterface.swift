import CFFI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A prepared libffi call interface for one C function; immutable once prepared.
///
/// `@unchecked Sendable`: it holds raw pointers, but after `init` nothing writes through them,
/// and `ffi_call` only reads the `ffi_cif`, so any number of threads may call at once.
final class FFICallInterface: @unchecked Sendable {
  typealias Release = @convention(c) (UnsafeMutableRawPointer?) -> Void

  private let cif: UnsafeMutablePointer<ffi_cif>
  private let argumentTypes: UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>
  private let function: @convention(c) () -> Void
  private let parameterTypes: [FFIType]
  private let returnType: FFIType
  private let release: Release?

  init(declaration: FFIDeclaration, loader: FFISymbolLoader) throws(FFIDeclarationError) {
    function = unsafeBitCast(
      try loader.address(of: declaration.symbol, field: "symbol"),
      to: (@convention(c) () -> Void).self)
    release = try declaration.free.map { name throws(FFIDeclarationError) in
      unsafeBitCast(try loader.address(of: name, field: "free"), to: Release.self)
    }
    let parameterTypes = declaration.parameters.map(\.type)

    func descriptor(_ type: FFIType) throws(FFIDeclarationError) -> UnsafeMutablePointer<ffi_type> {
      guard let raw = FFISymbolLoader.typeDescriptor(type) else {
        throw FFIDeclarationError(
          field: declaration.path, reason: "libffi has no \(type.ffiSymbol)")
      }
      return raw.assumingMemoryBound(to: ffi_type.self)
    }
    // Prepared in locals and only then stored: a class init that throws once its properties
    // are set would also run deinit, freeing twice.
    let count = parameterTypes.count
    let types = UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>.allocate(
      capacity: max(count, 1))
    let cif = UnsafeMutablePointer<ffi_cif>.allocate(capacity: 1)
    do throws(FFIDeclarationError) {
      for (index, type) in parameterTypes.enumerated() { types[index] = try descriptor(type) }
      let status = ffi_prep_cif(
        cif, FFI_DEFAULT_ABI, UInt32(count), try descriptor(declaration.returns), types)
      guard status == FFI_OK else {
        throw FFIDeclarationError(
          field: declaration.path, reason: "ffi_prep_cif failed (status \(status.rawValue))")
      }
    } catch {
      cif.deallocate()
      types.deallocate()
      throw error
    }
    self.cif = cif
    argumentTypes = types
    self.parameterTypes = parameterTypes
    returnType = declaration.returns
  }

  deinit {
    cif.deallocate()
    argumentTypes.deallocate()
  }

  /// Calls the function with values already checked against the parameter types.
  func call(_ values: [FFIValue]) -> FFIValue {
    precondition(values.count == parameterTypes.count, "arguments were not converted")
    // One 8-byte slot per argument: every supported type fits and is 8-aligned.
    let slots = UnsafeMutableRawPointer.allocate(byteCount: max(values.count, 1) * 8, alignment: 8)
    let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(
      capacity: max(values.count, 1))
    // libffi widens small integer results to a full ffi_arg, so the buffer is at least that.
    let result = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
    var strings: [UnsafeMutablePointer<CChar>] = []
    defer {
      strings.forEach { free($0) }
      slots.deallocate()
      pointers.deallocate()
      result.deallocate()
    }
    for (index, value) in values.enumerated() {
      let slot = slots + index * 8
      store(value, as: parameterTypes[index], at: slot, strings: &strings)
      pointers[index] = slot
    }
    ffi_call(cif, function, result, pointers)
    return load(result)
  }

  private func store(
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

  private func load(_ result: UnsafeMutableRawPointer) -> FFIValue {
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
