import Foundation

/// Fuzzes the `ffi` object of a plugins.json entry: the declaration of a C function's signature.
///
/// Properties: an accepted declaration written back as JSON reads as the same declaration; its
/// JSON Schema and spoken message can be built from it without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFFIDeclaration(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    guard let declaration = try? FFIDeclaration(json: Data(bytes), path: "plugins.fuzz.ffi") else { return 0 }
    checkDeclaration(declaration)
    return 0
}
