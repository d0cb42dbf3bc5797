import Logging

/// In a runner, every log line (the plugin's, through the host services' `log`, and the
/// loader's) goes to the host as a `log` frame, which logs it under the plugin's name.
struct RunnerLogHandler: LogHandler {
    let channel: RunnerChannel
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let uuid = event.metadata?["uuid"].map { "\($0)" }
        channel.send(RunnerLogForwarding.frame(level: event.level, uuid: uuid, message: "\(event.message)"))
    }
}
