import AVRHost
import Foundation
import Testing

/// `/readyz` and the drain before a stop, on the real executable and a real SIGTERM.
@Suite("Readiness and drain")
struct ReadinessTests {
    private let client = HTTPClient()

    private func get(_ port: Int, _ path: String) async throws -> Int {
        let (head, _) = try await client.send(
            HTTPRequest(
                method: "GET", url: "http://127.0.0.1:\(port)\(path)", headers: [], body: nil,
                timeouts: HTTPTimeouts(total: .seconds(5))))
        return head.status
    }

    @Test("on SIGTERM /readyz answers 503 at once while the listener stays open; then it closes and the host exits")
    func drainOnTerminate() async throws {
        let host = try HostProcess(environment: ["SHUTDOWN_DRAIN_DELAY": "3000"])
        let port = try await host.port()
        #expect(try await get(port, "/readyz") == 200)
        #expect(try await get(port, "/healthz") == 200)
        host.process.terminate()
        #expect(await host.waitFor("SIGTERM: draining"))
        // Within the drain delay: not ready, but alive and still accepting connections.
        #expect(try await get(port, "/readyz") == 503)
        #expect(try await get(port, "/healthz") == 200)
        #expect(host.process.isRunning)
        #expect(await host.exitStatus() == 0)
        #expect(host.log.contains("drain delay over: closing the listener"))
        await #expect(throws: HTTPClientError.self) { try await get(port, "/healthz") }
    }

    @Test("SIGINT stops without the drain delay")
    func interruptSkipsDrain() async throws {
        let host = try HostProcess(environment: ["SHUTDOWN_DRAIN_DELAY": "600000"])
        _ = try await host.port()
        kill(host.process.processIdentifier, SIGINT)
        #expect(await host.exitStatus() == 0)
        #expect(!host.log.contains("draining"))
    }

    @Test("/readyz answers 200 in process once the server runs")
    func readyInProcess() async throws {
        try await withTestHost { host in
            let (head, body) = try await host.client.send(
                HTTPRequest(
                    method: "GET", url: host.url + "/readyz", headers: [], body: nil,
                    timeouts: HTTPTimeouts(total: .seconds(5))))
            #expect(head.status == 200)
            #expect(String(decoding: body, as: UTF8.self) == #"{"status":"ready"}"#)
        }
    }
}
