import AVRHost
import Synchronization
import Testing

@Suite("Session store")
struct SessionStoreTests {
    /// The uuids of the sessions a store dropped.
    final class Dropped: Sendable {
        private let uuids = Mutex<[String]>([])
        func append(_ uuid: String) { uuids.withLock { $0.append(uuid) } }
        var all: [String] { uuids.withLock { $0 } }
    }

    private func store(max: Int, idle: Duration) -> (SessionStore, Dropped) {
        let dropped = Dropped()
        let store = SessionStore(maxSessions: max, idleTimeout: idle) { session in dropped.append(session.uuid) }
        return (store, dropped)
    }

    @Test("the same uuid gets the same session; the count is bounded by evicting the least recently active")
    func bounded() async throws {
        let (store, dropped) = store(max: 2, idle: .seconds(3600))
        let first = store.session(for: "a")
        #expect(store.session(for: "a") === first)
        _ = store.session(for: "b")
        _ = store.session(for: "a")  // "b" is now the least recently active
        _ = store.session(for: "c")
        #expect(store.count == 2)
        try await within { while !Task.isCancelled, dropped.all.isEmpty { await Task.yield() } }
        #expect(dropped.all == ["b"])
        #expect(store.session(for: "a") === first)
    }

    @Test("sessions idle past the timeout are forgotten")
    func expiry() async throws {
        let (store, dropped) = store(max: 10, idle: .seconds(60))
        _ = store.session(for: "old")
        store.removeExpired(now: .now + .seconds(61))
        #expect(store.count == 0)
        try await within { while !Task.isCancelled, dropped.all.isEmpty { await Task.yield() } }
        #expect(dropped.all == ["old"])
    }

    @Test("ending a session forgets it and reports whether it existed")
    func end() async throws {
        let (store, dropped) = store(max: 10, idle: .seconds(60))
        _ = store.session(for: "x")
        #expect(await store.end("x"))
        #expect(await !store.end("x"))
        #expect(dropped.all == ["x"])
    }

    @Test("after thousands of turns in any order, the sessions evicted are the least recently active")
    func evictionOrderAfterManyTouches() async throws {
        let (store, dropped) = store(max: 50, idle: .seconds(3600))
        let uuids = (0..<50).map { "call-\($0)" }
        var lastTouched: [String: Int] = [:]
        var generator = SystemRandomNumberGenerator()
        for step in 0..<5_000 {
            let uuid = uuids.randomElement(using: &generator)!
            _ = store.session(for: uuid)
            lastTouched[uuid] = step
        }
        let leastRecent = uuids.sorted { lastTouched[$0, default: -1] < lastTouched[$1, default: -1] }.prefix(10)
        for index in 0..<10 { _ = store.session(for: "new-\(index)") }
        #expect(store.count == 50)
        try await within { while !Task.isCancelled, dropped.all.count < 10 { await Task.yield() } }
        #expect(Set(dropped.all) == Set(leastRecent))
    }
}
