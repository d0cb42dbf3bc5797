import Foundation

/// One run of this build's `avr-host` to its end, with standard output and error apart
/// (`HostProcess` merges them, for servers that run until stopped).
struct CommandRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `avr-host arguments` in a scratch folder; `environment` is added to the test's own
    /// (without its OPENAI_* and ADMIN_TOKEN, as `HostProcess` does).
    static func avrHost(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandRun {
        let process = Process()
        process.executableURL = HostProcess.buildFolder.appendingPathComponent("avr-host")
        process.arguments = arguments
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        var inherited = ProcessInfo.processInfo.environment
        for name in inherited.keys where name.hasPrefix("OPENAI_") || name == "ADMIN_TOKEN" { inherited[name] = nil }
        process.environment = inherited.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Reads and waits on a thread of its own: blocking calls stay off the cooperative pool.
        return await withCheckedContinuation { continuation in
            Thread {
                let errors = ReadToEnd(err.fileHandleForReading)
                let output = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(
                    returning: CommandRun(
                        status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                        stderr: String(decoding: errors.wait(), as: UTF8.self)))
            }.start()
        }
    }
}

/// Reads a pipe to its end on a thread of its own, so neither pipe of a child can fill up
/// while the other is read.
private final class ReadToEnd: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
