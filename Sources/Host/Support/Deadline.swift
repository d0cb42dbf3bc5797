/// Thrown when an operation outlives its deadline.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public var limit: Duration
    public var description: String { "no answer within \(limit)" }
}

/// Runs `operation`, cancelling it and throwing `DeadlineExceeded` when `limit` passes first.
public func withDeadline<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded(limit: limit)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
