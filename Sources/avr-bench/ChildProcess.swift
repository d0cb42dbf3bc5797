import Foundation

/// A program of this build (avr-host, openai-stand-in) started beside the benchmark, with the
/// port it announced, its CPU time and its peak memory read from /proc.
final class ChildProcess {
    let process = Process()
    private(set) var port = 0

    /// Starts `name` from the benchmark's own folder (or `executable`, through `launcher` such
    /// as valgrind when given) and waits for the line announcing its port.
    init(
        _ name: String, executable: String? = nil, launcher: [String] = [], arguments: [String] = [],
        environment: [String: String] = [:], portLine: String
    ) throws {
        let program = executable ?? Self.benchFolder.appendingPathComponent(name).path
        if launcher.isEmpty {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: launcher[0])
            process.arguments = launcher.dropFirst() + [program] + arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        var seen = ""
        while port == 0 {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { throw BenchError("\(name) exited before it was ready:\n\(seen)") }
            seen += String(decoding: data, as: UTF8.self)
            for line in seen.split(separator: "\n") where line.contains(portLine) {
                let digits = line.split(separator: ":").last?.prefix { $0.isNumber } ?? ""
                port = Int(digits) ?? 0
            }
        }
        // Keep draining its output so the child never blocks on a full pipe.
        output.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
    }

    /// The folder of this benchmark's executable, where the other programs of the build are.
    static var benchFolder: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// User plus system CPU time so far, in seconds.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ")
        else { return 0 }
        let fields = stat[afterName.upperBound...].split(separator: " ")
        let ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)  // utime, stime
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Times any of its threads has gone to sleep so far (voluntary context switches, summed
    /// over its threads): each is a wake-up later, the cost that dominates at low load.
    var threadSleeps: Int {
        let tasks = "/proc/\(process.processIdentifier)/task"
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
        return threads.reduce(0) { total, thread in
            guard let status = try? String(contentsOfFile: "\(tasks)/\(thread)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("voluntary_ctxt_switches:") })
            else { return total }
            return total + (Int(line.split(whereSeparator: \.isWhitespace).last ?? "") ?? 0)
        }
    }

    /// Peak resident memory (VmHWM), in megabytes.
    var peakResidentMegabytes: Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return (Double(line.split(separator: " ")[1]) ?? 0) / 1024
    }

    /// Stops the program (SIGTERM, so it shuts down cleanly) and waits for it.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
