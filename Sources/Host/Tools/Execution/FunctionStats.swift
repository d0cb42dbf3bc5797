import Synchronization

/// Counters for the admin listing; updated from worker threads.
final class FunctionStats: Sendable {
    let calls = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
    let totalNanoseconds = Atomic<Int>(0)

    func record(succeeded: Bool, nanoseconds: Int) {
        calls.add(1, ordering: .relaxed)
        if !succeeded { failures.add(1, ordering: .relaxed) }
        totalNanoseconds.add(nanoseconds, ordering: .relaxed)
    }

    var meanLatencyMs: Double {
        let count = calls.load(ordering: .relaxed)
        return count == 0 ? 0 : Double(totalNanoseconds.load(ordering: .relaxed)) / Double(count) / 1e6
    }
}
