#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens a declared library and finds its symbols, with errors naming the declaration's field.
///
/// Handles are never closed: a library may be a Swift image, which must stay mapped
/// (see DESIGN.md), and C libraries cost only their mapping.
struct FFISymbolLoader {
    let handle: UnsafeMutableRawPointer
    let declaration: FFIDeclaration

    init(declaration: FFIDeclaration) throws(FFIDeclarationError) {
        guard let handle = dlopen(declaration.library, RTLD_NOW | RTLD_LOCAL) else {
            throw FFIDeclarationError(
                field: "\(declaration.path).library",
                reason: "cannot open \"\(declaration.library)\": \(Self.lastError())")
        }
        self.handle = handle
        self.declaration = declaration
    }

    /// The address of `name`, found in the library or the libraries it depends on (so `free`
    /// resolves to the C library's).
    func address(of name: String, field: String) throws(FFIDeclarationError)
        -> UnsafeMutableRawPointer
    {
        _ = dlerror()
        guard let address = dlsym(handle, name) else {
            throw FFIDeclarationError(
                field: "\(declaration.path).\(field)",
                reason: "symbol \"\(name)\" not found in \"\(declaration.library)\"")
        }
        return address
    }

    /// libffi's own type descriptors, found by name: the C globals are mutable state in
    /// Swift 6's eyes, and their addresses are what `ffi_prep_cif` needs.
    static func typeDescriptor(_ type: FFIType) -> UnsafeMutableRawPointer? {
        dlsym(nil, type.ffiSymbol)
    }

    private static func lastError() -> String {
        dlerror().map { String(cString: $0) } ?? "unknown error"
    }
}
