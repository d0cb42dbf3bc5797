import Foundation
import Synchronization

/// The real `avr-host` executable of this build, run as a child process in a scratch folder.
final class HostProcess: Sendable {
    let process: Process
    let folder: URL
    private let output = OutputBuffer()
    /// Signalled when the reader has seen the end of the child's output.
    private let outputEnded = DispatchSemaphore(value: 0)
    private let lines: AsyncStream<Void>
    private let newOutput: AsyncStream<Void>.Continuation

    /// The build folder holding the test runner, `avr-host` and the plugin `.so` files.
    static let buildFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent()

    /// `executable` defaults to this build's `avr-host` (a packaged copy, for the tarball test).
    init(arguments: [String] = [], environment: [String: String] = [:], executable: URL? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("host-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = executable ?? Self.buildFolder.appendingPathComponent("avr-host")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var inherited = ProcessInfo.processInfo.environment
        for name in inherited.keys where name.hasPrefix("OPENAI_") || name == "ADMIN_TOKEN" { inherited[name] = nil }
        process.environment = inherited.merging(["HOST": "127.0.0.1", "PORT": "0"].merging(environment) { $1 }) { $1 }
        (lines, newOutput) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // A thread of its own reads to the end: a dispatch source (readabilityHandler) on the
        // pipe outlived the descriptor at times and crashed libdispatch's event loop.
        Thread { [output, newOutput, outputEnded] in
            let reader = pipe.fileHandleForReading
            while true {
                let data = reader.availableData
                guard !data.isEmpty else { break }
                output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
                newOutput.yield()
            }
            newOutput.finish()
            outputEnded.signal()
        }.start()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: folder)
    }

    var log: String { output.text.withLock { $0 } }

    /// Waits until the output contains `text` (or the process ends); true when it does.
    func waitFor(_ text: String) async -> Bool {
        var iterator = lines.makeAsyncIterator()
        while !log.contains(text) {
            guard await iterator.next() != nil else { return log.contains(text) }
        }
        return true
    }

    /// The port from the host's "listening on HOST:PORT" line.
    func port() async throws -> Int {
        guard await waitFor("] listening on 127.0.0.1:") else { throw HostProcessError(log: log) }
        let line = log.split(separator: "\n").first { $0.contains("] listening on 127.0.0.1:") }!
        return Int(line.split(separator: ":").last!.prefix { $0.isNumber })!
    }

    /// Waits for the process to exit and returns its status.
    func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread {
                self.process.waitUntilExit()
                // Everything the process printed is in `log` once its output has ended.
                _ = self.outputEnded.wait(timeout: .now() + 10)
                self.outputEnded.signal()
                continuation.resume(returning: self.process.terminationStatus)
            }.start()
        }
    }
}

struct HostProcessError: Error { var log: String }

/// Everything the child printed so far; shared with the pipe's reading handler.
private final class OutputBuffer: Sendable {
    let text = Mutex("")
}
