import Foundation

/// Fuzzes the ELF section reader, which reads every plugin file before `dlopen` (a file anyone
/// who can write to a plugin folder controls).
///
/// Properties: any file gives bytes or an error, never a trap; the bytes never exceed the size
/// asked for; each read is bounded (libFuzzer's -rss_limit_mb and -malloc_limit_mb).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzELFSection(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let path = scratchFile.replaceContents(with: fuzzInput(start, count))
    // The loader's own lookup, and a large section with a large limit.
    for (name, maxSize) in [(".avr_toolchain", 4096), (".text", 1 << 20), (".shstrtab", 64)] {
        guard let bytes = try? ELFSectionReader.contents(ofSection: name, inFileAt: path, maxSize: maxSize)
        else { continue }
        require(bytes.count <= maxSize, "section \(name) gave \(bytes.count) bytes, more than \(maxSize)")
    }
    return 0
}

private let scratchFile = ScratchFile()
