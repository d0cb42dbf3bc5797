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

    func run() async throws {
        let pluginConfig = try Self.writePluginConfig()
        say(
            "avr-bench on \(ProcessInfo.processInfo.activeProcessorCount) cores, token delay \(tokenDelayMs) ms, \(turns) turns per call"
        )
        for count in calls.split(separator: ",").compactMap({ Int($0) }) {
            try await measure(calls: count, pluginConfig: pluginConfig)
        }
        let parsing = BodyParseBenchmark.run().map { "\($0.name) \(rounded($0.medianMilliseconds)) ms" }
        say("request body of 1 MB, parse time (median): " + parsing.joined(separator: ", "))
        if let plugin = await runPluginBenchmark(configPath: pluginConfig, function: "c_echo") {
            say(
                "plugin round trip (c_echo): direct p50 \(plugin.directP50Microseconds) µs, p99 \(plugin.directP99Microseconds) µs; through the worker pool p50 \(plugin.poolP50Microseconds) µs, p99 \(plugin.poolP99Microseconds) µs; reload \(plugin.reloadMeanMilliseconds) ms"
            )
        } else {
            say("plugin round trip: \(pluginConfig) has no c_echo function; skipped")
        }
    }

    /// A plugins.json offering only the trivial C plugin built beside this benchmark.
    private static func writePluginConfig() throws -> String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("avr-bench-plugins.json")
        let plugin = folder.appendingPathComponent("libc_echo_plugin.so").path
        try #"{"plugins": {"c_echo": {"path": "\#(plugin)"}}}"#.write(to: config, atomically: true, encoding: .utf8)
        return config.path
    }

    private func measure(calls: Int, pluginConfig: String) async throws {
        let standIn = try ChildProcess(
            "openai-stand-in", arguments: ["--token-delay-ms", "\(tokenDelayMs)"], portLine: "listening on")
        defer { standIn.stop() }
        let host = try ChildProcess(
            "avr-host",
            environment: [
                "PORT": "0", "HOST": "127.0.0.1", "OPENAI_API_KEY": "bench", "OPENAI_MODEL": "gpt-4.1-mini",
                "OPENAI_BASE_URL": "http://127.0.0.1:\(standIn.port)/v1", "PLUGINS_CONFIG": pluginConfig,
                "LOG_LEVEL": "notice", "MAX_SESSIONS": "100000",
            ],
            portLine: "] listening on")
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
        say("\n\(calls) concurrent calls x \(turns) turns: \(completed)/\(calls * turns) turns completed")
        say("  time to first chunk, straight from the stand-in: \(direct.steady.summary)")
        say("  time to first chunk, through avr-host:           \(through.steady.summary)")
        say(
            "  added by the host: p50 \(rounded(through.steady.percentile(0.5) - direct.steady.percentile(0.5))) ms, p99 \(rounded(through.steady.percentile(0.99) - direct.steady.percentile(0.99))) ms"
        )
        say("  first turn of a call (creates the conversation): \(through.first.summary)")
        say("  turns per second: \(rounded(Double(completed) / seconds))")
        say("  host CPU per turn: \(rounded(cpu * 1000 / Double(max(completed, 1)))) ms")
        say("  host peak RSS: \(rounded(host.peakResidentMegabytes)) MB")
    }

    /// Writes a result line at once (print would hold it back when stdout is a pipe).
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
