import Foundation
import Testing

@testable import AVRHost

/// Copies go in one private folder per process; a starting host removes the folders of
/// processes that are gone and leaves those of live ones alone.
@Suite struct PluginsCopyFolderTests {
    /// A copy folder as a host with pid `pid` leaves it, with a copy inside.
    /// Built aside and renamed into place whole: hosts that other tests start meanwhile clean
    /// the temporary folder too, and must never see it half made.
    func makeCopyFolder(pid: Int32) throws -> String {
        let name = "avr-host-plugins-\(pid)-test\(UUID().uuidString.prefix(8))"
        let staging = PluginTestSupport.makeTemporaryDirectory() + "/" + name
        try FileManager.default.createDirectory(
            atPath: staging + "/registry-1", withIntermediateDirectories: true)
        try "copy".write(toFile: staging + "/registry-1/3-libx.so", atomically: true, encoding: .utf8)
        let path = NSTemporaryDirectory() + name
        try #require(rename(staging, path) == 0)
        return path
    }

    /// Runs `executable` to its end; its pid is then free (reaped).
    func finishedProcessID(_ executable: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func startUpRemovesTheFoldersOfDeadHostsAndKeepsLiveOnes() async throws {
        let dead = try makeCopyFolder(pid: try finishedProcessID("/bin/true"))
        // `cat` stays alive until its stdin closes.
        let live = Process()
        live.executableURL = URL(fileURLWithPath: "/bin/cat")
        let stdin = Pipe()
        live.standardInput = stdin
        try live.run()
        defer {
            try? stdin.fileHandleForWriting.close()
            live.waitUntilExit()
        }
        let alive = try makeCopyFolder(pid: live.processIdentifier)
        defer { try? FileManager.default.removeItem(atPath: alive) }

        let directory = PluginTestSupport.makeTemporaryDirectory()
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"copied\""], to: directory + "/functions/libcopied.so")
        let registry = PluginTestSupport.makeDropInRegistry(in: directory)
        #expect(registry.start(watch: false).activeFunctions == ["copied"])
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive + "/registry-1/3-libx.so"))

        // This process's own folder: named by its pid, private, and holding the registry's.
        let own = PluginCopyFolders.processFolder
        #expect((own as NSString).lastPathComponent.hasPrefix("avr-host-plugins-\(getpid())-"))
        #expect(registry.copyDirectory.hasPrefix(own + "/"))
        let mode = (try FileManager.default.attributesOfItem(atPath: own)[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o700)
        registry.shutdown()
        #expect(!FileManager.default.fileExists(atPath: registry.copyDirectory))
    }
}
