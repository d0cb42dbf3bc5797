import CAVRFunctionABI
import Foundation
import Testing

@testable import AVRHost

/// The toolchain stamp read from the file's ELF section before dlopen.
@Suite struct PluginsToolchainSectionTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()
    let hostStamp = String(cString: avr_toolchain_note())

    func variant(_ file: String, _ defines: [String]) async throws -> String {
        let path = directory + "/functions/" + file
        try await PluginTestSupport.compileTestPlugin(defines, to: path)
        return path
    }

    func start() -> (PluginRegistry, PluginReloadReport) {
        PluginTestSupport.writeConfig(#"{"plugin_dirs":["functions"]}"#, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        return (registry, registry.start(watch: false))
    }

    func section(_ path: String) throws -> String? {
        try ELFSectionReader.contents(ofSection: AVR_TOOLCHAIN_SECTION, inFileAt: path).map {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    @Test(arguments: ["avr_transfer", "avr_hangup", "collect_info", "c_echo_plugin"])
    func builtPluginsCarryTheHostStampAndLoad(name: String) throws {
        let path = PluginTestSupport.builtPlugin(name)
        #expect(hostStamp.hasPrefix("swift/clang "))
        #expect(try section(path) == hostStamp)
        let loader = PluginLoader(copyDirectory: directory + "/copies")
        defer { loader.removeCopyDirectory() }
        let image = try loader.load(path: path) { _, _ in }
        #expect(image.descriptor.pointee.function_count > 0)
    }

    @Test func foreignStampIsRefusedBeforeTheConstructorRuns() async throws {
        let marker = directory + "/constructor-ran"
        _ = try await variant(
            "libforeign.so",
            ["FUNC_NAME=\"foreign\"", "SECTION_STAMP=\"swift/clang 0.0 (elsewhere)\"", "MARKER=\"\(marker)\""])
        _ = try await variant("libgood.so", ["FUNC_NAME=\"good_fn\""])
        let (registry, report) = start()
        #expect(report.activeFunctions == ["good_fn"])
        let problem = report.problems.joined(separator: "\n")
        #expect(
            problem.contains(
                "toolchain mismatch: plugin built with \"swift/clang 0.0 (elsewhere)\", host built with \"\(hostStamp)\"; rebuild the plugin with the host's Swift toolchain"
            ), "\(problem)")
        #expect(!FileManager.default.fileExists(atPath: marker), "the constructor ran")
        #expect(registry.listing().functions.contains { $0.status == "error" })
    }

    @Test func matchingStampOrNoSectionLoads() async throws {
        let marker = directory + "/constructor-ran"
        _ = try await variant("libsame.so", ["FUNC_NAME=\"same\"", "SECTION_STAMP=\"\(hostStamp)\""])
        _ = try await variant("libplain.so", ["FUNC_NAME=\"plain\"", "MARKER=\"\(marker)\""])
        let (_, report) = start()
        #expect(report.activeFunctions.sorted() == ["plain", "same"], "\(report.problems)")
        // The marker works: without a section the plugin is mapped and its constructor runs.
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test func truncatedAndGarbageFilesAreRefused() async throws {
        let functions = directory + "/functions/"
        let built = try Data(
            contentsOf: URL(fileURLWithPath: PluginTestSupport.builtPlugin("avr_transfer")))
        try FileManager.default.createDirectory(atPath: functions, withIntermediateDirectories: true)
        try built.prefix(4096).write(to: URL(fileURLWithPath: functions + "libtruncated.so"))
        try Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
            .write(to: URL(fileURLWithPath: functions + "libgarbage.so"))
        _ = try await variant("libgood.so", ["FUNC_NAME=\"good_fn\""])
        let (_, report) = start()
        #expect(report.activeFunctions == ["good_fn"])
        let problems = report.problems.joined(separator: "\n")
        #expect(problems.contains("malformed ELF file: not an ELF file"), "\(problems)")
        #expect(problems.contains("ends past the end of the file (4096 bytes)"), "\(problems)")
    }

    @Test func readerFindsNothingInAFileWithoutTheSection() async throws {
        let path = try await variant("libplain.so", [])
        #expect(try section(path) == nil)
        #expect(try ELFSectionReader.contents(ofSection: ".dynsym", inFileAt: path) != nil)
    }

    @Test func readerSurvivesEveryTruncationOfARealPlugin() throws {
        let built = try Data(
            contentsOf: URL(fileURLWithPath: PluginTestSupport.builtPlugin("avr_hangup")))
        let path = directory + "/cut.so"
        for length in Array(stride(from: 0, to: built.count, by: max(1, built.count / 97))) + [built.count - 1] {
            try built.prefix(length).write(to: URL(fileURLWithPath: path))
            #expect(throws: ELFSectionReader.Malformed.self, "length \(length)") {
                try ELFSectionReader.contents(ofSection: AVR_TOOLCHAIN_SECTION, inFileAt: path)
            }
        }
    }

    /// A minimal ELF64: header, the section-name table, one `.avr_toolchain`, section headers.
    func handMade(_ patch: (inout [UInt8]) -> Void = { _ in }) throws -> String {
        let names = Array("\0.shstrtab\0.avr_toolchain\0".utf8)
        let content = Array("stamp\0".utf8)
        var bytes = [UInt8](repeating: 0, count: 64)
        bytes.replaceSubrange(0..<6, with: [0x7f, 0x45, 0x4c, 0x46, 2, 1])
        let namesOffset = bytes.count
        bytes += names
        let contentOffset = bytes.count
        bytes += content
        let tableOffset = bytes.count
        func put(_ value: UInt64, at offset: Int, _ width: Int) {
            for byte in 0..<width { bytes[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte)) }
        }
        bytes += [UInt8](repeating: 0, count: 3 * 64)  // null, .shstrtab, .avr_toolchain
        put(UInt64(tableOffset), at: 40, 8)
        put(64, at: 58, 2)
        put(3, at: 60, 2)
        put(1, at: 62, 2)
        for (index, (name, offset, size)) in [
            (1, namesOffset, names.count), (11, contentOffset, content.count),
        ].enumerated() {
            let header = tableOffset + (index + 1) * 64
            put(UInt64(name), at: header, 4)
            put(1, at: header + 4, 4)
            put(UInt64(offset), at: header + 24, 8)
            put(UInt64(size), at: header + 32, 8)
        }
        patch(&bytes)
        let path = directory + "/made-\(UUID().uuidString).so"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func readerChecksEveryOffsetOfAHandMadeFile() throws {
        #expect(try section(handMade()) == "stamp")
        #expect(try section(handMade { $0[40..<48] = [0, 0, 0, 0, 0, 0, 0, 0] }) == nil)  // no table
        let table = 64 + 26 + 6
        let cases: [(String, (inout [UInt8]) -> Void)] = [
            ("not a 64-bit little-endian", { $0[5] = 2 }),
            ("section header size 32", { $0[58] = 32 }),
            ("section header table", { $0[40..<48] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff] }),
            ("section-name table index 7", { $0[62] = 7 }),
            ("section-name table (65562 bytes at offset 64)", { $0[table + 64 + 34] = 1 }),
            ("section .avr_toolchain (6 bytes at offset 4186)", { $0[table + 128 + 25] = 0x10 }),
            ("more than the 4096 expected", { $0[table + 128 + 33] = 0x20 }),
            ("has no content", { $0[table + 128 + 4] = 8 }),
        ]
        for (expected, patch) in cases {
            do {
                _ = try section(handMade(patch))
                Issue.record("no error for \(expected)")
            } catch let error as ELFSectionReader.Malformed {
                #expect(error.description.contains(expected), "\(error)")
            }
        }
        // A name offset past the table is no match, not a crash.
        #expect(try section(handMade { $0[table + 128] = 250 }) == nil)
    }
}
