import Synchronization

/// True the first time it is asked, false ever after: for a warning worth saying once.
final class OnceFlag: Sendable {
    private let taken = Atomic(false)

    func takeFirst() -> Bool {
        !taken.exchange(true, ordering: .relaxed)
    }
}
