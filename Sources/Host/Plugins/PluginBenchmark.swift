import Dispatch
import Foundation

/// Host -> plugin -> host round-trip numbers for the team's bench command.
public struct PluginBenchmarkResult: Sendable, Encodable {
    public var directP50Microseconds: Double
    public var directP99Microseconds: Double
    public var poolP50Microseconds: Double
    public var poolP99Microseconds: Double
    public var reloadMeanMilliseconds: Double
}

/// Measures a trivial plugin (`function` in the file behind `configPath`, e.g. c_echo):
/// direct ABI calls, calls through the worker pool with a deadline, and full reloads.
public func runPluginBenchmark(
    configPath: String, function: String, iterations: Int = 2000, reloads: Int = 20
) async -> PluginBenchmarkResult? {
    let registry = PluginRegistry(configPath: configPath, hostSettings: [:])
    registry.start(watch: false)
    defer { registry.shutdown() }
    guard let catalog = registry.currentCatalog() as? PluginCatalog,
        catalog.functions[function] != nil
    else { return nil }
    func percentile(_ samples: [UInt64], _ p: Double) -> Double {
        let sorted = samples.sorted()
        return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
    }
    var direct: [UInt64] = []
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = catalog.invokeDirect(name: function, arguments: "{}", uuid: "bench")
        direct.append(DispatchTime.now().uptimeNanoseconds - start)
    }
    var pooled: [UInt64] = []
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = await catalog.invoke(
            name: function, arguments: "{}", context: ToolCallContext(uuid: "bench", callID: "b"))
        pooled.append(DispatchTime.now().uptimeNanoseconds - start)
    }
    let reloadStart = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<reloads { registry.reload() }
    let reloadNanos = DispatchTime.now().uptimeNanoseconds - reloadStart
    return PluginBenchmarkResult(
        directP50Microseconds: percentile(direct, 0.5), directP99Microseconds: percentile(direct, 0.99),
        poolP50Microseconds: percentile(pooled, 0.5), poolP99Microseconds: percentile(pooled, 0.99),
        reloadMeanMilliseconds: Double(reloadNanos) / Double(max(reloads, 1)) / 1e6)
}
