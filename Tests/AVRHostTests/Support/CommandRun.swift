import Foundation

/// One run of a tool (usually this build's `avr-host`) to its end, with standard output and
/// error apart unless asked (`HostProcess` merges them, for servers that run until stopped).
struct CommandRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `avr-host arguments` in a scratch folder; `environment` is added to the test's own
    /// (without its OPENAI_* and ADMIN_TOKEN, as `HostProcess` does).
    static func avrHost(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandRun {
        var inherited = ProcessInfo.processInfo.environment
        for name in inherited.keys where name.hasPrefix("OPENAI_") || name == "ADMIN_TOKEN" { inherited[name] = nil }
        return try await run(
            HostProcess.buildFolder.appendingPathComponent("avr-host"), arguments,
            in: FileManager.default.temporaryDirectory, environment: inherited.merging(environment) { $1 })
    }

    /// Runs any tool to its end; `mergingErrors` sends its standard error to `stdout` too, in
    /// the order written. `environment` nil inherits the test's.
    static func run(
        _ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]? = nil,
        mergingErrors: Bool = false
    ) async throws -> CommandRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = mergingErrors ? out : Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Reads and waits on a thread of its own: blocking calls stay off the cooperative pool.
        return await withCheckedContinuation { continuation in
            Thread {
                let errors = mergingErrors ? nil : ReadToEnd(err.fileHandleForReading)
                let output = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(
                    returning: CommandRun(
                        status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                        stderr: String(decoding: errors?.wait() ?? Data(), as: UTF8.self)))
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
