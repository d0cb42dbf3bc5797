/// Durations measured in one run, summarised as percentiles in milliseconds.
struct Samples {
    private(set) var values: [Duration] = []

    mutating func add(_ value: Duration) { values.append(value) }

    func percentile(_ fraction: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
        let (seconds, attoseconds) = value.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    var summary: String {
        "p50 \(format(percentile(0.5))) ms, p99 \(format(percentile(0.99))) ms (n=\(values.count))"
    }

    private func format(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }
}
