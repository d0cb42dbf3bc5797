import Foundation

/// One file the reader can open by path, rewritten for each input. It is unlinked at once and
/// reached through /proc/self/fd, so an interrupted run leaves nothing behind in /tmp.
final class ScratchFile: Sendable {
    private let descriptor: Int32

    init() {
        var template = Array("/tmp/avr-fuzz-elf-XXXXXX".utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        precondition(descriptor >= 0, "cannot create a scratch file: \(String(cString: strerror(errno)))")
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    /// Makes the file hold exactly `bytes`; returns a path that opens it.
    func replaceContents(with bytes: [UInt8]) -> String {
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        precondition(written == bytes.count, "cannot write the scratch file")
        // Cut after writing: truncating to zero first makes ext4 flush the file on every close.
        precondition(ftruncate(descriptor, off_t(bytes.count)) == 0, "cannot truncate the scratch file")
        return "/proc/self/fd/\(descriptor)"
    }
}
