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
            for string in strings { free(string) }
            slots.deallocate()
            pointers.deallocate()
            result.deallocate()
        }
        for (index, value) in values.enumerated() {
            let slot = slots + index * 8
            FFIMarshalling.store(value, as: parameterTypes[index], at: slot, strings: &strings)
            pointers[index] = slot
        }
        ffi_call(cif, function, result, pointers)
        return FFIMarshalling.load(result, as: returnType, release: release)
    }
}
