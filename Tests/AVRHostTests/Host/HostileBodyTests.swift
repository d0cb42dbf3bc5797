import AVRHost
import Foundation
import FunctionABI
import Testing

/// Bodies built to cost CPU: their cost is measured in the host process's own CPU time, as a
/// ratio against a flat body of the same size, never as a wall-clock bound.
@Suite("Hostile request bodies")
struct HostileBodyTests {
    private let client = HTTPClient()

    /// Sends `body` `count` times and returns the host's CPU ticks spent, and the statuses.
    private func cost(of body: String, count: Int, host: HostProcess, port: Int) async throws -> (Int, Set<Int>) {
        let before = try cpuTicks(of: host.process.processIdentifier)
        var statuses = Set<Int>()
        for _ in 0..<count {
            let (head, _) = try await client.send(
                HTTPRequest(
                    method: "POST", url: "http://127.0.0.1:\(port)/prompt-stream",
                    headers: [("Content-Type", "application/json")], body: Array(body.utf8),
                    timeouts: HTTPTimeouts(total: .seconds(60))))
            statuses.insert(head.status)
        }
        return (try cpuTicks(of: host.process.processIdentifier) - before, statuses)
    }

    @Test("deep, nested and token-dense 1 MB bodies cost about what a flat 1 MB body costs")
    func parsingCostIsLinear() async throws {
        let host = try HostProcess(environment: ["STAND_IN_TOKEN_DELAY": "0"])
        let port = try await host.port()
        let rounds = 8
        // Warm up the code paths once, so the first measurement pays no start-up costs.
        _ = try await cost(of: HostileBodies.flat, count: 1, host: host, port: port)
        let (flat, flatStatus) = try await cost(of: HostileBodies.flat, count: rounds, host: host, port: port)
        #expect(flatStatus == [200])
        let (deep, deepStatus) = try await cost(of: HostileBodies.deepNesting, count: rounds, host: host, port: port)
        #expect(deepStatus == [400])
        let (nested, nestedStatus) = try await cost(
            of: HostileBodies.nestingWithinCap, count: rounds, host: host, port: port)
        #expect(nestedStatus == [200])
        let (tokens, tokenStatus) = try await cost(of: HostileBodies.manyTokens, count: rounds, host: host, port: port)
        #expect(tokenStatus == [200])
        // The old decoder spent over a second of CPU on 3 KB nested 510 deep, minutes on a megabyte;
        // a one-pass reader costs in proportion to the bytes (a token-dense body about 4x a flat
        // string in a debug build). A floor of 10 ticks keeps timer granularity out of it.
        let allowed = 8 * max(flat, 10)
        #expect(deep <= allowed, "deep: \(deep) ticks, flat: \(flat)")
        #expect(nested <= allowed, "nested: \(nested) ticks, flat: \(flat)")
        #expect(tokens <= allowed, "tokens: \(tokens) ticks, flat: \(flat)")
        host.process.terminate()
        _ = await host.exitStatus()
    }

    @Test("the nesting attack is refused with a message naming the limit, and other calls go on")
    func deepNestingRefused() async throws {
        try await withTestHost { host in
            let answer = try await host.turn(HostileBodies.deepNesting)
            #expect(answer.status == 400)
            let message = try #require(try JSONValue.parse(answer.raw)["message"]?.stringValue)
            #expect(message.contains("nested deeper than"))
            let fine = try await host.turn(#"{"uuid":"after-attack","message":"still here"}"#)
            #expect(fine.texts.joined() == "You said: still here")
        }
    }

    /// utime + stime of a process, in clock ticks, from /proc.
    private func cpuTicks(of pid: Int32) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name (which may hold spaces) start at field 3.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        return Int(fields[11])! + Int(fields[12])!
    }
}
