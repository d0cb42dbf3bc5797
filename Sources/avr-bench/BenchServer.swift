/// A server the benchmark sends AVR-style calls to: avr-host, with the stand-in as its OpenAI,
/// or avr-floor, Hummingbird alone answering the same requests with no upstream.
enum BenchServer {
    case host(plugins: String)
    case floor(words: Int)

    /// Its executable's name in the build folder.
    var name: String {
        switch self {
        case .host: "avr-host"
        case .floor: "avr-floor"
        }
    }

    /// Starts it, with what it needs beside it, its words paced `tokenDelayMs` apart; from
    /// `executable` through `launcher` when given (a stripped copy under callgrind), with
    /// `environment` added to its own environment only.
    func start(
        tokenDelayMs: Int, executable: String? = nil, launcher: [String] = [], environment: [String: String] = [:]
    ) throws -> RunningServer {
        switch self {
        case .host(let plugins):
            let standIn = try ChildProcess(
                "openai-stand-in", arguments: ["--token-delay-ms", "\(tokenDelayMs)"], portLine: "listening on")
            do {
                let host = try ChildProcess(
                    name, executable: executable, launcher: launcher,
                    environment: HostEnvironment.make(standInPort: standIn.port, plugins: plugins).merging(
                        environment
                    ) { $1 },
                    portLine: "] listening on")
                return RunningServer(process: host, standIn: standIn)
            } catch {
                standIn.stop()
                throw error
            }
        case .floor(let words):
            let floor = try ChildProcess(
                name, executable: executable, launcher: launcher,
                arguments: ["--words", "\(words)", "--word-delay-ms", "\(tokenDelayMs)"], environment: environment,
                portLine: "avr-floor listening on")
            return RunningServer(process: floor, standIn: nil)
        }
    }
}

/// A started server and, for avr-host, the stand-in it talks to.
struct RunningServer {
    let process: ChildProcess
    let standIn: ChildProcess?

    /// Stops the server first, so it never sees its upstream vanish under it.
    func stop() {
        process.stop()
        standIn?.stop()
    }
}
