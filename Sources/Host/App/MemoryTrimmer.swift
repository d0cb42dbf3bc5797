import Dispatch
import Foundation
import ServiceLifecycle

/// Hands memory that is free again back to the system now and then. glibc's allocator keeps
/// what a burst used (say, hundreds of clients that stopped reading, dropped by the write
/// timeout) for the process, so without this the host's RSS stays at its high-water mark.
struct MemoryTrimmer: Service {
    let interval: Duration
    /// Trimming walks the heap for a few milliseconds: off the async runtime, on a queue of its own.
    private static let queue = DispatchQueue(label: "avr-host.memory-trim")
    /// glibc's `malloc_trim` (Glibc's module map leaves malloc.h out); nil on other C libraries.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = dlsym(nil, "malloc_trim").map {
        unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self)
    }

    func run() async throws {
        guard interval > .zero, let trim = Self.mallocTrim else {
            // Switched off: stay until shutdown (a service that returns early ends the whole group).
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Self.queue.async {
                    _ = trim(0)
                    continuation.resume()
                }
            }
        }
    }
}
