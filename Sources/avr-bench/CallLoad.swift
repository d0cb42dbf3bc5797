import AVRHost

/// Runs `calls` concurrent calls of `turns` turns each and records, per turn, the time from
/// sending the request to the first byte of text. The same load can target the host or the
/// floor (`POST /prompt-stream`) or the stand-in directly (`POST /v1/responses`).
struct CallLoad {
    enum Target {
        /// avr-host, or avr-floor, which answers the same requests the same way.
        case promptStream(port: Int)
        case standIn(port: Int)
    }

    /// Time to first text of steady and of first turns, and how many turns failed.
    typealias Outcome = (steady: Samples, first: Samples, failures: Int)

    let client: HTTPClient
    let target: Target
    let calls: Int
    let turns: Int

    /// Time to first text of every turn after each call's first (steady state), of every
    /// first turn, and the number of turns that failed.
    func run() async -> Outcome {
        await withTaskGroup(of: ([Duration], Int).self) { group in
            for call in 0..<calls {
                group.addTask {
                    var times: [Duration] = []
                    var failures = 0
                    for turn in 0..<turns {
                        if let time = await firstText(call: call, turn: turn) {
                            times.append(time)
                        } else {
                            failures += 1
                        }
                    }
                    return (times, failures)
                }
            }
            var steady = Samples()
            var first = Samples()
            var failures = 0
            for await (times, failed) in group {
                failures += failed
                for (turn, time) in times.enumerated() {
                    if turn == 0 { first.add(time) } else { steady.add(time) }
                }
            }
            return (steady, first, failures)
        }
    }

    private func firstText(call: Int, turn: Int) async -> Duration? {
        let request: HTTPRequest
        let marker: String
        switch target {
        case .promptStream(let port):
            request = HTTPRequest(
                method: "POST", url: "http://127.0.0.1:\(port)/prompt-stream",
                headers: [("Content-Type", "application/json")],
                body: Array(#"{"uuid":"bench-\#(call)","message":"turn \#(turn) of call \#(call)"}"#.utf8))
            marker = #""type":"text""#
        case .standIn(let port):
            request = HTTPRequest(
                method: "POST", url: "http://127.0.0.1:\(port)/v1/responses",
                headers: [("Content-Type", "application/json")],
                body: Array(#"{"model":"gpt-4.1-mini","input":"turn \#(turn) of call \#(call)","stream":true}"#.utf8))
            marker = "response.output_text.delta"
        }
        let started = ContinuousClock.now
        var firstText: Duration?
        var seen = ""
        do {
            for try await part in client.stream(request) {
                guard case .body(let bytes) = part, firstText == nil else { continue }
                seen += String(decoding: bytes, as: UTF8.self)
                if seen.contains(marker) { firstText = .now - started }
            }
        } catch {
            return nil
        }
        return firstText
    }
}
