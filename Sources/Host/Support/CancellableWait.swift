import Synchronization

/// Waits for a task's value but gives up at once when the waiting task is cancelled, without
/// cancelling the task itself (a tool already running is left to finish on its own).
func value<T: Sendable>(of task: Task<T, Never>) async throws -> T {
    let slot = FirstOutcome<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            slot.install(continuation)
            Task { slot.resume(with: .success(await task.value)) }
        }
    } onCancel: {
        slot.resume(with: .failure(CancellationError()))
    }
}

/// A continuation that is resumed by whichever comes first; cancellation may come before
/// the continuation exists, so an early result is kept until it does.
private final class FirstOutcome<T: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<T, any Error>)
        case early(Result<T, any Error>)
        case done
    }

    private let state = Mutex(State.empty)

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock { state in
            if case .early(let result) = state {
                state = .done
                return result
            }
            state = .waiting(continuation)
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func resume(with result: Result<T, any Error>) {
        let waiting: CheckedContinuation<T, any Error>? = state.withLock { state in
            switch state {
            case .empty:
                state = .early(result)
                return nil
            case .waiting(let continuation):
                state = .done
                return continuation
            case .early, .done:
                return nil
            }
        }
        waiting?.resume(with: result)
    }
}
