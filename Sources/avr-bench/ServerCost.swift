import AVRHost

/// What a load of AVR-style calls cost the server process that answered it, read from /proc
/// before and after: CPU time and thread sleeps, per completed turn, and its peak memory.
struct ServerCost {
    var calls: Int
    var turnsDone: Int
    var turnsSent: Int
    var seconds: Double
    var cpuPerTurnMilliseconds: Double
    var threadSleepsPerTurn: Double
    var peakResidentMegabytes: Double

    var turnsPerSecond: Double { Double(turnsDone) / seconds }

    /// Runs `load` against `server` (which must be what `load` targets) and returns what the
    /// load saw and what it cost the server.
    static func measure(_ load: CallLoad, on server: ChildProcess) async -> (load: CallLoad.Outcome, cost: ServerCost) {
        let cpuBefore = server.cpuSeconds
        let sleepsBefore = server.threadSleeps
        let started = ContinuousClock.now
        let outcome = await load.run()
        let elapsed = ContinuousClock.now - started
        let cpu = server.cpuSeconds - cpuBefore
        let sleeps = server.threadSleeps - sleepsBefore
        let sent = load.calls * load.turns
        let completed = sent - outcome.failures
        let cost = ServerCost(
            calls: load.calls, turnsDone: completed, turnsSent: sent,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            cpuPerTurnMilliseconds: cpu * 1000 / Double(max(completed, 1)),
            threadSleepsPerTurn: Double(sleeps) / Double(max(completed, 1)),
            peakResidentMegabytes: server.peakResidentMegabytes)
        return (outcome, cost)
    }

    /// Field by field, the median of several runs (turns done: the fewest, so a loss shows).
    static func median(of runs: [ServerCost]) -> ServerCost {
        func middle(_ field: (ServerCost) -> Double) -> Double {
            let sorted = runs.map(field).sorted()
            return sorted[sorted.count / 2]
        }
        return ServerCost(
            calls: runs[0].calls, turnsDone: runs.map(\.turnsDone).min() ?? 0, turnsSent: runs[0].turnsSent,
            seconds: middle(\.seconds), cpuPerTurnMilliseconds: middle(\.cpuPerTurnMilliseconds),
            threadSleepsPerTurn: middle(\.threadSleepsPerTurn), peakResidentMegabytes: middle(\.peakResidentMegabytes))
    }
}
