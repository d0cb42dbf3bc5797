/// What one run of concurrent calls measured, and the median of several such runs.
struct RunResult {
    var directP50: Double
    var directP99: Double
    var throughP50: Double
    var throughP99: Double
    /// What the load cost the host.
    var host: ServerCost

    var addedP50: Double { throughP50 - directP50 }
    var addedP99: Double { throughP99 - directP99 }

    /// Field by field, the median of several runs (turns done: the fewest, so a loss shows).
    static func median(of runs: [RunResult]) -> RunResult {
        func middle(_ field: (RunResult) -> Double) -> Double {
            let sorted = runs.map(field).sorted()
            return sorted[sorted.count / 2]
        }
        return RunResult(
            directP50: middle(\.directP50), directP99: middle(\.directP99), throughP50: middle(\.throughP50),
            throughP99: middle(\.throughP99), host: .median(of: runs.map(\.host)))
    }
}
