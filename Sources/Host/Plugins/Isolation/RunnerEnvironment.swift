import Foundation

/// The environment a runner starts with: only what a process needs to run, never the host's
/// secrets (`OPENAI_API_KEY`, `ADMIN_TOKEN`), which a plugin could otherwise read with getenv.
enum RunnerEnvironment {
    static let passed = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ", "LD_LIBRARY_PATH", "LOG_LEVEL"]

    static func forRunner() -> [String: String] {
        // Swift's crash backtracer symbolicates for a second or more per crash, holding the
        // restart back; an operator who wants it sets SWIFT_BACKTRACE for the host.
        ["SWIFT_BACKTRACE": "enable=no"].merging(
            ProcessInfo.processInfo.environment.filter { passed.contains($0.key) || $0.key == "SWIFT_BACKTRACE" }
        ) { $1 }
    }

    /// The runner executable: `PLUGIN_RUNNER_PATH`, or `avr-plugin-runner` beside the running
    /// executable (in tests the test binary, which sits beside it in the build folder).
    static func runnerPath(executableDirectory: String) -> String {
        ProcessInfo.processInfo.environment["PLUGIN_RUNNER_PATH"]
            ?? (executableDirectory as NSString).appendingPathComponent("avr-plugin-runner")
    }
}
