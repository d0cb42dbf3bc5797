/// The first-byte and idle deadlines of the running transfers, as a min-heap, so the driver
/// finds the next one in O(1) and each change costs O(log n) instead of a scan per wake-up.
///
/// A transfer is filed under a lower bound of its deadline (its idle deadline only moves
/// later as data arrives); when that bound passes, its real deadline is checked and it is
/// either failed or filed again. Driver thread only.
struct TransferDeadlines {
    private var heap: [(at: ContinuousClock.Instant, transfer: CurlTransfer)] = []

    var next: ContinuousClock.Instant? { heap.first?.at }

    /// Files a new transfer under the earliest its deadline can be.
    mutating func insert(_ transfer: CurlTransfer) {
        if let at = transfer.earliestDeadline { insert(transfer, at: at) }
    }

    /// Files a transfer under `at` (also again, once its real deadline proved later).
    mutating func insert(_ transfer: CurlTransfer, at: ContinuousClock.Instant) {
        heap.append((at, transfer))
        transfer.deadlineSlot = heap.count - 1
        siftUp(heap.count - 1)
    }

    mutating func remove(_ transfer: CurlTransfer) {
        guard let slot = transfer.deadlineSlot else { return }
        transfer.deadlineSlot = nil
        let last = heap.removeLast()
        guard slot < heap.count else { return }
        heap[slot] = last
        last.transfer.deadlineSlot = slot
        siftDown(slot)
        siftUp(slot)
    }

    /// Takes out every transfer whose filed deadline has passed, for the caller to check.
    mutating func popDue(now: ContinuousClock.Instant) -> [CurlTransfer] {
        var due: [CurlTransfer] = []
        while let first = heap.first, first.at <= now {
            remove(first.transfer)
            due.append(first.transfer)
        }
        return due
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].at < heap[parent].at else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            let smaller = right < heap.count && heap[right].at < heap[left].at ? right : left
            guard heap[smaller].at < heap[parent].at else { return }
            swapAt(parent, smaller)
            parent = smaller
        }
    }

    private mutating func swapAt(_ first: Int, _ second: Int) {
        heap.swapAt(first, second)
        heap[first].transfer.deadlineSlot = first
        heap[second].transfer.deadlineSlot = second
    }
}
