import AVRHost
import Foundation
import Testing

/// `scripts/package` on this build: the tarball unpacked into a temporary folder serves a turn
/// and a plugin's tool call, with the Swift runtime from its own `lib/`.
@Suite("The packaged tarball")
struct PackageTests {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs a tool to its end off the cooperative pool; its status and everything it printed.
    private func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        let run = try await CommandRun.run(
            URL(fileURLWithPath: executable), arguments, in: Self.repository, mergingErrors: true)
        return (run.status, run.stdout)
    }

    /// Packaging copies and compresses ~150 MB on both cores, which upsets the timing tests of the
    /// parallel suite: `scripts/test` runs this test alone, after it, with AVR_PACKAGE_TEST=1.
    @Test(
        "the unpacked tarball runs from anywhere: it answers a turn and runs a built-in plugin",
        .enabled(if: ProcessInfo.processInfo.environment["AVR_PACKAGE_TEST"] == "1", "run by scripts/test on its own"))
    func tarballRuns() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("package-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try await run(
            Self.repository.appendingPathComponent("scripts/package").path,
            ["--configuration", "debug", "--bin-path", HostProcess.buildFolder.path, "--output", folder.path])
        try #require(status == 0, "scripts/package failed: \(output)")
        let tarball = try #require(output.split(separator: "\n").last.map(String.init))
        #expect(tarball.hasSuffix(".tar.gz"))
        let (untarred, untarOutput) = try await run("/usr/bin/tar", ["-C", folder.path, "-xzf", tarball])
        try #require(untarred == 0, "\(untarOutput)")

        let root = folder.appendingPathComponent("avr-host")
        for file in [
            "avr-host", "avr-plugin-runner", "libavr_transfer.so", "libavr_hangup.so", "libcollect_info.so",
            "plugins.json", "README.md",
            "SYSTEM-LIBRARIES.txt", "functions", "lib/libswiftCore.so", "lib/libFoundation.so",
            "SDK/Package.swift", "SDK/Sources/CAVRFunctionABI/include/avr_function_abi.h",
        ] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file) missing")
        }
        // The Swift runtime comes from the package, whatever toolchain this machine has.
        for executable in ["avr-host", "avr-plugin-runner"] {
            let (_, libraries) = try await run("/usr/bin/ldd", [root.appendingPathComponent(executable).path])
            let swiftCore = try #require(libraries.split(separator: "\n").first { $0.contains("libswiftCore.so") })
            #expect(swiftCore.contains(root.appendingPathComponent("lib").path), "\(executable)")
            #expect(!libraries.contains("not found"), "\(executable)")
        }
        let systemLibraries = try String(
            contentsOf: root.appendingPathComponent("SYSTEM-LIBRARIES.txt"), encoding: .utf8)
        for package in ["libcurl4", "libffi8"] { #expect(systemLibraries.contains(package)) }

        // The packaged executable finds the SDK beside it: a C plugin project builds against it.
        let project = folder.appendingPathComponent("project").path
        let (created, createdOutput) = try await run(
            root.appendingPathComponent("avr-host").path, ["plugin", "new", "packaged", "--c", "--output", project])
        #expect(created == 0, "\(createdOutput)")
        let (made, makeOutput) = try await run("/usr/bin/make", ["-C", project])
        #expect(made == 0, "\(makeOutput)")

        let host = try HostProcess(
            environment: [
                "PLUGINS_CONFIG": root.appendingPathComponent("plugins.json").path, "STAND_IN_TOKEN_DELAY": "0",
                "LD_LIBRARY_PATH": "",
            ],
            executable: root.appendingPathComponent("avr-host"))
        let port = try await host.port()
        let client = HTTPClient()
        defer { client.shutdown() }
        let (head, body) = try await client.send(
            .promptStream(port: port, body: ##"{"uuid":"packaged","message":"#call collect_info {\"name\":\"Ada\"}"}"##)
        )
        #expect(head.status == 200)
        let texts = try AVRTexts.parse(String(decoding: body, as: UTF8.self))
        #expect(texts.first == "Thank you, I have noted that.")
        #expect(texts.joined().contains(#""status":"success""#))
        kill(host.process.processIdentifier, SIGINT)
        #expect(await host.exitStatus() == 0)
    }
}
