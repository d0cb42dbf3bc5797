import AVRHost
import ArgumentParser
import Foundation

/// `avr-bench`: concurrent AVR-style calls through the host against the stand-in, compared
/// with the same load sent straight to the stand-in; then the plugin round trip.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avr-bench",
        abstract: "Measures avr-host: time to first chunk, turns per second, CPU per turn, peak memory, plugin calls.")

    @Option(help: "Concurrent calls in each run (comma-separated for several runs).") var calls = "200,1000"
    @Option(help: "Turns per call.") var turns = 3
    @Option(help: "Stand-in pause between streamed words, ms (realistic token pacing).") var tokenDelayMs = 20
    @Option(help: "plugins.json holding the trivial plugin for the round-trip benchmark.")
    var pluginConfig = "Tests/Fixtures/bench-plugins.json"

    func run() async throws {
        print(
            "avr-bench on \(ProcessInfo.processInfo.activeProcessorCount) cores, token delay \(tokenDelayMs) ms, \(turns) turns per call"
        )
        for count in calls.split(separator: ",").compactMap({ Int($0) }) {
            try await measure(calls: count)
        }
        if let plugin = await runPluginBenchmark(configPath: pluginConfig, function: "c_echo") {
            print(
                "plugin round trip (c_echo): direct p50 \(plugin.directP50Microseconds) µs, p99 \(plugin.directP99Microseconds) µs; through the worker pool p50 \(plugin.poolP50Microseconds) µs, p99 \(plugin.poolP99Microseconds) µs; reload \(plugin.reloadMeanMilliseconds) ms"
            )
        } else {
            print("plugin round trip: \(pluginConfig) has no c_echo function; skipped")
        }
    }

    private func measure(calls: Int) async throws {
        let standIn = try ChildProcess(
            "openai-stand-in", arguments: ["--token-delay-ms", "\(tokenDelayMs)"], portLine: "listening on")
        defer { standIn.stop() }
        let host = try ChildProcess(
            "avr-host",
            environment: [
                "PORT": "0", "HOST": "127.0.0.1", "OPENAI_API_KEY": "bench", "OPENAI_MODEL": "gpt-4.1-mini",
                "OPENAI_BASE_URL": "http://127.0.0.1:\(standIn.port)/v1", "PLUGINS_CONFIG": pluginConfig,
                "LOG_LEVEL": "warning", "MAX_SESSIONS": "100000",
            ],
            portLine: "listening on")
        defer { host.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }

        let direct = await CallLoad(client: client, target: .standIn(port: standIn.port), calls: calls, turns: turns)
            .run()
        let cpuBefore = host.cpuSeconds
        let started = ContinuousClock.now
        let through = await CallLoad(client: client, target: .host(port: host.port), calls: calls, turns: turns).run()
        let elapsed = ContinuousClock.now - started
        let cpu = host.cpuSeconds - cpuBefore
        let completed = calls * turns - through.failures
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("\n\(calls) concurrent calls x \(turns) turns: \(completed)/\(calls * turns) turns completed")
        print("  time to first chunk, straight from the stand-in: \(direct.steady.summary)")
        print("  time to first chunk, through avr-host:           \(through.steady.summary)")
        print(
            "  added by the host: p50 \(rounded(through.steady.percentile(0.5) - direct.steady.percentile(0.5))) ms, p99 \(rounded(through.steady.percentile(0.99) - direct.steady.percentile(0.99))) ms"
        )
        print("  first turn of a call (creates the conversation): \(through.first.summary)")
        print("  turns per second: \(rounded(Double(completed) / seconds))")
        print("  host CPU per turn: \(rounded(cpu * 1000 / Double(max(completed, 1)))) ms")
        print("  host peak RSS: \(rounded(host.peakResidentMegabytes)) MB")
    }

    private func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
