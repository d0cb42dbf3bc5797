import Foundation

/// Build tools run by the SDK tests (make, cc, swift, cargo), off the cooperative pool.
enum SDKTestSupport {
    /// Runs `command` (looked up on PATH) in `directory`, standard error merged into `stdout`.
    static func run(_ command: [String], in directory: String, environment: [String: String] = [:]) async throws
        -> CommandRun
    {
        try await CommandRun.run(
            URL(fileURLWithPath: "/usr/bin/env"), command, in: URL(fileURLWithPath: directory),
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, mergingErrors: true)
    }

    /// Runs a long build at the lowest priority: a compiler on both cores would otherwise stretch
    /// the deadlines that the parallel suite's timing tests measure.
    static func build(_ command: [String], in directory: String) async throws -> CommandRun {
        try await run(["nice", "-n", "19"] + command, in: directory)
    }

    static let hasCargo: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/cargo") }
    }()

    /// Empties `folder` (creating it) but for `kept`: a generated project written afresh over
    /// the build folder of its last run.
    static func removeAll(in folder: String, except kept: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name != kept {
            try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}
