import Dispatch
import Foundation

/// Host -> plugin -> host round-trip numbers for the team's bench command.
public struct PluginBenchmarkResult: Sendable, Encodable {
    public var directP50Microseconds: Double
    public var directP99Microseconds: Double
    public var poolP50Microseconds: Double
    public var poolP99Microseconds: Double
    /// Nil for an isolated function (a reload there starts a runner only when something changed).
    public var reloadMeanMilliseconds: Double?
    /// The first load: for an isolated function, spawning its runner until it is ready.
    public var loadMilliseconds: Double
    /// The runner's resident memory after the calls (isolated functions only).
    public var runnerRSSKilobytes: Int?
}

/// Measures a trivial plugin (`function` in the file behind `configPath`, e.g. c_echo):
/// calls on the calling thread (through the C ABI, or for an entry with `"isolation":
/// "process"` to its runner and back), calls through the worker pool with a deadline, and
/// full reloads of an in-process plugin.
public func runPluginBenchmark(
    configPath: String, function: String, iterations: Int = 2000, reloads: Int = 20
) async -> PluginBenchmarkResult? {
    let registry = PluginRegistry(configPath: configPath, hostSettings: [:])
    let loadStart = DispatchTime.now().uptimeNanoseconds
    _ = await registry.startOffTheEventLoop()
    let loadMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6
    defer { registry.shutdown() }
    guard let catalog = registry.currentCatalog() as? PluginCatalog, let served = catalog.functions[function]
    else { return nil }
    func percentile(_ samples: [UInt64], _ p: Double) -> Double {
        let sorted = samples.sorted()
        return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
    }
    let context = ToolCallContext(uuid: "bench", callID: "b")
    // On a thread of its own: an isolated call blocks until the runner answers.
    let direct = await withCheckedContinuation { continuation in
        Thread {
            var samples: [UInt64] = []
            for _ in 0..<iterations {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = served.invokeBlocking(arguments: "{}", context: context)
                samples.append(DispatchTime.now().uptimeNanoseconds - start)
            }
            continuation.resume(returning: samples)
        }.start()
    }
    var pooled: [UInt64] = []
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = await catalog.invoke(name: function, arguments: "{}", context: context)
        pooled.append(DispatchTime.now().uptimeNanoseconds - start)
    }
    var reloadMean: Double?
    var runnerRSS: Int?
    if let isolated = registry.served(function)?.isolated {
        runnerRSS = isolated.supervisor.status.pid.flatMap(residentKilobytes)
    } else {
        let reloadStart = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<reloads { registry.reload() }
        reloadMean = Double(DispatchTime.now().uptimeNanoseconds - reloadStart) / Double(max(reloads, 1)) / 1e6
    }
    return PluginBenchmarkResult(
        directP50Microseconds: percentile(direct, 0.5), directP99Microseconds: percentile(direct, 0.99),
        poolP50Microseconds: percentile(pooled, 0.5), poolP99Microseconds: percentile(pooled, 0.99),
        reloadMeanMilliseconds: reloadMean, loadMilliseconds: loadMilliseconds, runnerRSSKilobytes: runnerRSS)
}

/// VmRSS of a process, from /proc.
private func residentKilobytes(_ pid: pid_t) -> Int? {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    return status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }?
        .split(separator: " ").dropFirst().first.flatMap { Int($0) }
}
