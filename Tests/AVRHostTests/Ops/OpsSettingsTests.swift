import AVRHost
import Testing

/// The operator settings of this feature: defaults, accepted values and refusals.
@Suite("Operator settings")
struct OpsSettingsTests {
    private func load(_ environment: [String: String]) async throws -> HostSettings {
        try await HostSettings.load(flags: [:], environment: environment, dotEnvPath: "/nonexistent/.env")
    }

    @Test("defaults: a 5 s drain delay, guarded metrics, text logs")
    func defaults() async throws {
        let settings = try await load([:])
        #expect(settings.shutdownDrainDelay == .milliseconds(5000))
        #expect(!settings.metricsPublic)
        #expect(settings.logFormat == .text)
    }

    @Test("values from the environment and flags")
    func values() async throws {
        let settings = try await load(["SHUTDOWN_DRAIN_DELAY": "0", "METRICS_PUBLIC": "true", "LOG_FORMAT": "json"])
        #expect(settings.shutdownDrainDelay == .zero)
        #expect(settings.metricsPublic)
        #expect(settings.logFormat == .json)
        let flagged = try await HostSettings.load(
            flags: ["log.format": "text"], environment: ["LOG_FORMAT": "json"], dotEnvPath: "/nonexistent/.env")
        #expect(flagged.logFormat == .text)
    }

    @Test(
        "a bad value is refused with a message naming the setting",
        arguments: [
            ("LOG_FORMAT", "yaml", "LOG_FORMAT must be \"text\" or \"json\""),
            ("METRICS_PUBLIC", "maybe", "METRICS_PUBLIC must be true or false"),
            ("SHUTDOWN_DRAIN_DELAY", "-1", "SHUTDOWN_DRAIN_DELAY must be a whole number from 0 to 600000"),
        ])
    func refused(name: String, value: String, message: String) async throws {
        let error = await #expect(throws: SettingsError.self) { try await load([name: value]) }
        #expect(error?.description.contains(message) == true)
    }
}
