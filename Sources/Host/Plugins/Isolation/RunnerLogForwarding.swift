import Foundation
import Logging

/// Log lines a plugin writes in its runner (through the host services' `log`) arrive as
/// `log` frames: level, uuid, message. The host logs them as if the plugin ran inside it,
/// under the plugin's name and with the call's uuid.
enum RunnerLogForwarding {
    static func frame(level: Logger.Level, uuid: String?, message: String) -> RunnerFrame {
        RunnerFrame(kind: .log, fields: [level.rawValue, uuid, message])
    }

    static func log(_ frame: RunnerFrame, name: String, pid: pid_t, logger: Logger) {
        var metadata: Logger.Metadata = ["plugin": "\(name)", "runner_pid": "\(pid)"]
        if let uuid = frame[1], !uuid.isEmpty { metadata["uuid"] = "\(uuid)" }
        logger.log(
            level: frame[0].flatMap(Logger.Level.init(rawValue:)) ?? .info, "\(frame[2] ?? "")",
            metadata: metadata)
    }
}
