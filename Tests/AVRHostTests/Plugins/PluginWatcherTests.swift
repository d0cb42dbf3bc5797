import Foundation
import Synchronization
import Testing

@testable import AVRHost

/// Which inotify events reach a reload. inotify keeps events in order, so once a later
/// marker has been seen, every earlier event has been handled.
@Suite struct PluginsWatcherTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    final class Seen: Sendable {
        let names = Mutex<[String]>([])
        let changes = Atomic<Int>(0)
        func contains(_ name: String) -> Bool { names.withLock { $0.contains(name) } }
    }

    func makeWatcher(_ seen: Seen) throws -> PluginWatcher {
        let isRelevant: @Sendable (String) -> Bool = { name in
            seen.names.withLock { $0.append(name) }
            return name.hasSuffix(".so")
        }
        let onChange: @Sendable () -> Void = { seen.changes.add(1, ordering: .relaxed) }
        let created = PluginWatcher(debounceMs: 10, isRelevant: isRelevant, onChange: onChange)
        let watcher = try #require(created)
        watcher.watch(directories: [directory])
        return watcher
    }

    func touchMarker(_ name: String, in folder: String) {
        _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("m".utf8))
    }

    @Test func fileStillBeingWrittenDoesNotCountUntilClosed() async throws {
        let seen = Seen()
        let watcher = try makeWatcher(seen)
        defer { watcher.stop() }
        let path = directory + "/libhalf.so"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try writer.write(contentsOf: Data(repeating: 0x7f, count: 4096))
        touchMarker("marker1.so", in: directory)
        #expect(await PluginTestSupport.eventually(within: 2) { seen.contains("marker1.so") })
        // createFile above closed once (IN_CLOSE_WRITE of an empty file); what matters is
        // that the open-for-write with data pending produced nothing after it.
        let before = seen.names.withLock { $0.filter { $0 == "libhalf.so" }.count }
        try writer.write(contentsOf: Data(repeating: 0x7f, count: 4096))
        touchMarker("marker2.so", in: directory)
        #expect(await PluginTestSupport.eventually(within: 2) { seen.contains("marker2.so") })
        #expect(seen.names.withLock { $0.filter { $0 == "libhalf.so" }.count } == before)
        try writer.close()
        #expect(
            await PluginTestSupport.eventually(within: 2) {
                seen.names.withLock { $0.filter { $0 == "libhalf.so" }.count } == before + 1
            })
    }

    @Test func createdFileCountsOnlyWhenClosed() async throws {
        let seen = Seen()
        let watcher = try makeWatcher(seen)
        defer { watcher.stop() }
        // open(O_CREAT) without closing: IN_CREATE only.
        let descriptor = open(directory + "/libnew.so", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        #expect(descriptor >= 0)
        touchMarker("marker.so", in: directory)
        #expect(await PluginTestSupport.eventually(within: 2) { seen.contains("marker.so") })
        #expect(!seen.contains("libnew.so"))
        close(descriptor)
        #expect(await PluginTestSupport.eventually(within: 2) { seen.contains("libnew.so") })
    }

    @Test func removedFolderIsForgottenAndWatchedAgainWhenRecreated() async throws {
        let seen = Seen()
        let watcher = try makeWatcher(seen)
        defer { watcher.stop() }
        try FileManager.default.removeItem(atPath: directory)
        #expect(await PluginTestSupport.eventually(within: 2) { watcher.watchedDirectories.isEmpty })
        #expect(await PluginTestSupport.eventually(within: 2) { seen.changes.load(ordering: .relaxed) > 0 })
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        watcher.watch(directories: [directory])
        #expect(watcher.watchedDirectories == [directory])
        touchMarker("again.so", in: directory)
        #expect(await PluginTestSupport.eventually(within: 2) { seen.contains("again.so") })
    }
}
