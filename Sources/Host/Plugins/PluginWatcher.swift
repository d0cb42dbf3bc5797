import Foundation
import Glibc
import Synchronization

/// Watches plugins.json and the plugin folders with inotify on its own thread and calls
/// `onChange` once things have been quiet for `debounceMs` (a copy or build writes in bursts).
final class PluginWatcher: Sendable {
    private let inotify: Int32
    /// A pipe: writing to stopWrite wakes the thread's poll and ends it.
    private let stopEvent: Int32
    private let stopWrite: Int32
    private let watched = Mutex<[Int32: String]>([:])
    private let debounceMs: Int32
    private let isRelevant: @Sendable (String) -> Bool
    private let onChange: @Sendable () -> Void

    init?(
        debounceMs: Int32 = 100, isRelevant: @escaping @Sendable (String) -> Bool,
        onChange: @escaping @Sendable () -> Void
    ) {
        inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        var pipeEnds: [Int32] = [-1, -1]
        _ = pipe(&pipeEnds)
        stopEvent = pipeEnds[0]
        stopWrite = pipeEnds[1]
        guard inotify >= 0, stopEvent >= 0 else { return nil }
        self.debounceMs = debounceMs
        self.isRelevant = isRelevant
        self.onChange = onChange
        let thread = Thread { [self] in run() }
        thread.name = "avr-plugin-watcher"
        thread.start()
    }

    /// Watches exactly these folders from now on (folders that do not exist are skipped).
    func watch(directories: Set<String>) {
        watched.withLock { current in
            for (descriptor, path) in current where !directories.contains(path) {
                inotify_rm_watch(inotify, descriptor)
                current[descriptor] = nil
            }
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE)
            for path in directories where !current.values.contains(path) {
                let descriptor = inotify_add_watch(inotify, path, mask)
                if descriptor >= 0 { current[descriptor] = path }
            }
        }
    }

    func stop() {
        var one: UInt8 = 1
        _ = Glibc.write(stopWrite, &one, 1)
    }

    private func run() {
        var pending = false
        while true {
            var fds = [
                pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopEvent, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, pending ? debounceMs : -1)
            if fds[1].revents != 0 { break }
            if ready == 0, pending {
                pending = false
                onChange()
                continue
            }
            if fds[0].revents != 0, drainEvents() { pending = true }
        }
        close(inotify)
        close(stopEvent)
        close(stopWrite)
    }

    /// Reads all queued events; true when one concerns a file we care about.
    private func drainEvents() -> Bool {
        var relevant = false
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(inotify, $0.baseAddress, 8192) }
            guard count > 0 else { break }
            var offset = 0
            let headerSize = MemoryLayout<inotify_event>.size
            while offset + headerSize <= count {
                let nameLength = buffer.withUnsafeBytes {
                    Int($0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                }
                let nameBytes = buffer[(offset + headerSize)..<(offset + headerSize + nameLength)]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                if isRelevant(name) { relevant = true }
                offset += headerSize + nameLength
            }
        }
        return relevant
    }
}
