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
            // No IN_CREATE for files: a file being written (`cp big.so functions/`) must not
            // load half-written; its IN_CLOSE_WRITE or IN_MOVED_TO says it is complete.
            // IN_CREATE stays only to notice a folder appearing (see `drainEvents`).
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE)
            for path in directories where !current.values.contains(path) {
                let descriptor = inotify_add_watch(inotify, path, mask)
                if descriptor >= 0 { current[descriptor] = path }
            }
        }
    }

    /// The folders watched now.
    var watchedDirectories: Set<String> { watched.withLock { Set($0.values) } }

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
                let (descriptor, mask, nameLength) = buffer.withUnsafeBytes {
                    (
                        $0.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                        $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                        Int($0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    )
                }
                let nameBytes = buffer[(offset + headerSize)..<(offset + headerSize + nameLength)]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                offset += headerSize + nameLength
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    relevant = true  // events were lost: anything may have changed
                } else if mask & UInt32(IN_IGNORED) != 0 {
                    // The folder is gone (or unwatched): forget the id so a recreated folder
                    // is watched again by the reload this triggers.
                    watched.withLock { _ = $0.removeValue(forKey: descriptor) }
                    relevant = true
                } else if mask & UInt32(IN_ISDIR) != 0 {
                    // A folder appeared or left: it may be a plugin folder to (re)watch.
                    if mask & UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE) != 0 {
                        relevant = true
                    }
                } else if mask & UInt32(IN_CREATE) == 0, isRelevant(name) {
                    relevant = true
                }
            }
        }
        return relevant
    }
}
