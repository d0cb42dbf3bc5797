import AVRHost

/// avr-floor under the host's load, so the host's cost per turn can be split into the
/// framework's floor and the host's own.
extension BenchCommand {
    /// The floor's CPU, thread sleeps per turn and peak memory for `calls` calls of `turns` turns, the median
    /// of `repeats` runs, each against a freshly started floor as the host is.
    func measureFloor(calls: Int) async throws -> ServerCost {
        var runs: [ServerCost] = []
        for _ in 0..<max(1, repeats) {
            let server = try BenchServer.floor(words: Self.floorWords).start(tokenDelayMs: tokenDelayMs)
            defer { server.stop() }
            let client = HTTPClient()
            defer { client.shutdown() }
            let load = CallLoad(
                client: client, target: .promptStream(port: server.process.port), calls: calls, turns: turns)
            runs.append(await ServerCost.measure(load, on: server.process).cost)
        }
        let cost = ServerCost.median(of: runs)
        say(
            "avr-floor \(calls) calls x \(turns) turns: \(cost.turnsDone)/\(cost.turnsSent) done; CPU \(rounded(cost.cpuPerTurnMilliseconds)) ms/turn; \(rounded(cost.threadSleepsPerTurn)) thread sleeps/turn; RSS \(rounded(cost.peakResidentMegabytes)) MB"
        )
        return cost
    }

    /// The floor's medians as one Markdown table; instructions per turn go in the 10-call row,
    /// as in the host's table.
    func floorTable(_ rows: [ServerCost], instructions: Double?) -> String {
        var lines = [
            "| server | calls | CPU per turn | thread sleeps per turn | instructions per turn | peak RSS |",
            "|---|---|---|---|---|---|",
        ]
        for row in rows {
            let counted = instructionCell(calls: row.calls, instructions)
            lines.append(
                "| avr-floor | \(row.calls) | \(rounded(row.cpuPerTurnMilliseconds)) ms | \(rounded(row.threadSleepsPerTurn)) | \(counted) | \(Int(row.peakResidentMegabytes.rounded())) MB |"
            )
        }
        return lines.joined(separator: "\n")
    }
}
