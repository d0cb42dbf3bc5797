import Foundation

/// Reads one named section of an ELF64 little-endian file (x86_64, aarch64) with plain reads:
/// nothing is mapped or run. Every offset and size is checked against the file's length, so a
/// truncated or hostile file gives an error, never a crash.
enum ELFSectionReader {
    /// Why the file could not be read as ELF64 little-endian.
    struct Malformed: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// The bytes of the first section called `name`; nil when the file has no section headers
    /// or no such section. Sections larger than `maxSize` bytes are refused.
    static func contents(ofSection name: String, inFileAt path: String, maxSize: Int = 4096)
        throws(Malformed) -> [UInt8]?
    {
        let file = try File(path: path)
        defer { close(file.descriptor) }
        return try file.contents(ofSection: name, maxSize: maxSize)
    }

    private static let headerSize: UInt64 = 64
    private static let sectionHeaderSize: UInt64 = 64
    /// SHN_XINDEX: the real string-table index is in section 0's sh_link.
    private static let extendedIndex: UInt64 = 0xffff
    private static let noBits: UInt64 = 8  // SHT_NOBITS
    /// Section-name tables larger than this are refused (real ones are a few KiB).
    private static let maxNameTableSize: UInt64 = 16 << 20

    private struct File {
        let descriptor: Int32
        let size: UInt64

        init(path: String) throws(Malformed) {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw Malformed(description: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_size >= 0 else {
                close(descriptor)
                throw Malformed(description: "cannot stat \(path)")
            }
            size = UInt64(status.st_size)
        }

        /// `count` bytes at `offset`, refused unless they lie wholly inside the file.
        func read(_ what: String, at offset: UInt64, count: UInt64) throws(Malformed) -> [UInt8] {
            let (end, overflow) = offset.addingReportingOverflow(count)
            guard !overflow, end <= size else {
                throw Malformed(
                    description:
                        "\(what) (\(count) bytes at offset \(offset)) ends past the end of the file (\(size) bytes)"
                )
            }
            var bytes = [UInt8](repeating: 0, count: Int(count))
            var done = 0
            while done < bytes.count {
                let got = bytes.withUnsafeMutableBytes { buffer in
                    pread(
                        descriptor, buffer.baseAddress! + done, buffer.count - done,
                        off_t(offset) + off_t(done))
                }
                if got < 0, errno == EINTR { continue }
                guard got > 0 else {
                    throw Malformed(description: "cannot read \(what) at offset \(offset)")
                }
                done += got
            }
            return bytes
        }

        func contents(ofSection name: String, maxSize: Int) throws(Malformed) -> [UInt8]? {
            let header = try read("ELF header", at: 0, count: headerSize)
            guard header[0..<4] == [0x7f, 0x45, 0x4c, 0x46] else {
                throw Malformed(description: "not an ELF file")
            }
            guard header[4] == 2, header[5] == 1 else {
                throw Malformed(
                    description: "not a 64-bit little-endian ELF file (class \(header[4]), data \(header[5]))")
            }
            let tableOffset = header.little(at: 40, 8)
            var count = header.little(at: 60, 2)
            var nameTableIndex = header.little(at: 62, 2)
            guard tableOffset != 0 else { return nil }  // no section headers (stripped)
            let entrySize = header.little(at: 58, 2)
            guard entrySize >= sectionHeaderSize else {
                throw Malformed(description: "section header size \(entrySize) is smaller than 64")
            }
            if count == 0 || nameTableIndex == extendedIndex {
                // Extended numbering: the real values live in section 0.
                let first = try read("section header 0", at: tableOffset, count: sectionHeaderSize)
                if count == 0 { count = first.little(at: 32, 8) }
                if nameTableIndex == extendedIndex { nameTableIndex = first.little(at: 40, 4) }
            }
            guard count > 0 else { return nil }
            // Bounded by the file, so `count` cannot ask for more memory than the file's size.
            let (tableSize, overflow) = count.multipliedReportingOverflow(by: entrySize)
            guard !overflow else {
                throw Malformed(description: "section header table size overflows (\(count) entries)")
            }
            let table = try read("section header table", at: tableOffset, count: tableSize)
            func section(_ index: UInt64) -> ArraySlice<UInt8> {
                let start = Int(index * entrySize)
                return table[start..<start + Int(sectionHeaderSize)]
            }
            guard nameTableIndex < count else {
                throw Malformed(
                    description: "section-name table index \(nameTableIndex) is not below \(count) sections")
            }
            let nameHeader = section(nameTableIndex)
            let nameTableSize = nameHeader.little(at: 32, 8)
            guard nameTableSize <= maxNameTableSize else {
                throw Malformed(description: "section-name table of \(nameTableSize) bytes is too large")
            }
            let names = try read(
                "section-name table", at: nameHeader.little(at: 24, 8), count: nameTableSize)
            let wanted = Array(name.utf8)
            for index in 0..<count {
                let entry = section(index)
                let nameOffset = entry.little(at: 0, 4)
                guard nameOffset < UInt64(names.count),
                    names.matches(wanted, at: Int(nameOffset))
                else { continue }
                guard entry.little(at: 4, 4) != noBits else {
                    throw Malformed(description: "section \(name) has no content in the file")
                }
                let size = entry.little(at: 32, 8)
                guard size <= UInt64(maxSize) else {
                    throw Malformed(
                        description: "section \(name) is \(size) bytes, more than the \(maxSize) expected")
                }
                return try read("section \(name)", at: entry.little(at: 24, 8), count: size)
            }
            return nil
        }
    }
}

extension Collection<UInt8> where Index == Int {
    /// The little-endian unsigned integer of `width` bytes at `offset` from the start.
    fileprivate func little(at offset: Int, _ width: Int) -> UInt64 {
        var value: UInt64 = 0
        for byte in 0..<width {
            value |= UInt64(self[startIndex + offset + byte]) << (8 * UInt64(byte))
        }
        return value
    }

    /// Whether the NUL-terminated string at `offset` is exactly `wanted`.
    fileprivate func matches(_ wanted: [UInt8], at offset: Int) -> Bool {
        let start = startIndex + offset
        guard start + wanted.count < endIndex else { return false }
        return self[start..<start + wanted.count].elementsEqual(wanted)
            && self[start + wanted.count] == 0
    }
}
