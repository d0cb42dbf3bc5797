import AVRHost
import ArgumentParser
import Foundation
import Logging

/// `avr-host plugin call FILE.so FUNCTION 'JSON'`: one call with the real host services, so an
/// author can test a plugin without a model.
struct PluginCallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Loads one plugin, calls one of its functions and prints the result as JSON.",
        discussion: """
            Prints {"status","message","data"} (and "error" for host-side failures such as a timeout) \
            on standard output; logs go to standard error (LOG_LEVEL, default info). The plugin gets \
            the real host services: logging, HTTP through the host's client, and AMI_URL as its one \
            host setting. Exit status: 0 success, 1 the function failed, 2 the plugin or the input was \
            refused before the call.
            """)

    @Argument(help: "The plugin file (.so).") var file: String
    @Argument(help: "The function to call.") var function: String
    @Argument(help: "The arguments, a JSON object.") var arguments: String = "{}"
    @Option(help: "The plugin's settings, a JSON object (as in plugins.json).") var settings: String = "{}"
    @Option(help: "The phone call's uuid the plugin sees.") var uuid: String?
    @Option(help: "The call's deadline, ms (default: plugins.json's default).") var timeoutMs: Int?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let level = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let call = PluginCall(
            file: file, function: function, arguments: arguments, settings: settings, uuid: uuid,
            timeoutMs: timeoutMs,
            hostSettings: ["AMI_URL": environment["AMI_URL"] ?? HostSettings.Defaults.amiURL])
        let http = HTTPClient()
        defer { http.shutdown() }
        let outcome: ToolOutcome
        do {
            outcome = try await call.run(
                transport: CurlPluginTransport(client: http), logger: Logger(label: "avr-host.plugin-call"))
        } catch {
            FileHandle.standardError.write(Data("avr-host plugin call: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(outcome.output)
        if !outcome.succeeded { throw ExitCode(1) }
    }
}
