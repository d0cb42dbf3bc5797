import Foundation
import ProcessSpawn
import Testing

@testable import AVRHost

/// The one spawner, with real processes: what the child gets (its descriptors, fd 3, limits,
/// working directory, signal state, process group) and what the host learns when it cannot start.
@Suite struct ProcessSpawnerTests {
    /// Runs `script` in /bin/sh with stdin from a pipe the host holds; its stdout and exit status.
    private func run(
        _ script: String, workingDirectory: String? = nil, passing descriptor: Int32? = nil,
        limits: [ResourceLimit] = [], whileRunning: (SpawnedProcess) -> Void = { _ in }
    ) throws -> (output: String, status: AVRHost.ExitStatus) {
        let input = Self.pipe()
        let output = Self.pipe()
        let process = try SpawnedProcess.start(
            SpawnRequest(
                executable: "/bin/sh", arguments: ["sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"],
                workingDirectory: workingDirectory, standardInput: input.read, standardOutput: output.write,
                standardError: output.write, passedDescriptor: descriptor, limits: limits))
        for fd in [input.read, output.write] { close(fd) }
        whileRunning(process)
        close(input.write)
        let text = Self.readAll(output.read)
        close(output.read)
        return (text, process.waitForExit())
    }

    private static func pipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        #expect(avr_cloexec_pipe(&fds) == 0)
        return (fds[0], fds[1])
    }

    private static func readAll(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func anExecFailureIsReportedWithItsErrno() throws {
        let file = NSTemporaryDirectory() + "not-executable-\(getpid())"
        _ = FileManager.default.createFile(atPath: file, contents: Data("#!/bin/sh\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: file) }
        for (path, expected) in [("/no/such/program", ENOENT), (file, EACCES)] {
            let request = SpawnRequest(
                executable: path, arguments: [path], environment: [:], standardInput: 0, standardOutput: 1,
                standardError: 2)
            #expect(throws: SpawnError(errno: expected, executable: path)) { try SpawnedProcess.start(request) }
        }
    }

    @Test func aMissingWorkingDirectoryIsReportedBeforeTheExec() {
        let request = SpawnRequest(
            executable: "/bin/true", arguments: ["true"], environment: [:], workingDirectory: "/no/such/folder",
            standardInput: 0, standardOutput: 1, standardError: 2)
        #expect(throws: SpawnError(errno: ENOENT, executable: "/bin/true")) { try SpawnedProcess.start(request) }
    }

    @Test func itRunsInItsWorkingDirectoryAndEndsWithItsStatus() throws {
        let (output, status) = try run("pwd; exit 3", workingDirectory: "/tmp")
        #expect(output == "/tmp\n")
        #expect(status == .exited(3))
    }

    @Test func aCloseOnExecDescriptorIsPassedAsFd3() throws {
        let passed = Self.pipe()
        let (output, status) = try run("echo through fd 3 >&3; echo done", passing: passed.write)
        close(passed.write)
        #expect(output == "done\n")
        #expect(status == .exited(0))
        #expect(Self.readAll(passed.read) == "through fd 3\n")
        close(passed.read)
    }

    @Test func noOtherDescriptorOfTheHostIsInherited() throws {
        // Not close-on-exec in the host: only the spawner's closing keeps it from the child.
        var leaky: [Int32] = [-1, -1]
        #expect(Glibc.pipe(&leaky) == 0)
        defer { leaky.forEach { close($0) } }
        let check = leaky.map { "[ -e /proc/$$/fd/\($0) ] && echo \($0) open;" }.joined()
        let (output, _) = try run(check + "[ -e /proc/$$/fd/3 ] && echo 3 open; echo checked")
        #expect(output == "checked\n")
    }

    @Test func limitsAreSetBeforeTheExec() throws {
        let limits = [
            ResourceLimit(resource: Int32(RLIMIT_NOFILE.rawValue), soft: 64, hard: 64),
            ResourceLimit(resource: Int32(RLIMIT_CORE.rawValue), soft: 0, hard: 0),
        ]
        let (output, _) = try run("ulimit -n; ulimit -c", limits: limits)
        #expect(output == "64\n0\n")
    }

    @Test func itStartsWithNoSignalIgnoredOrBlocked() throws {
        // Ignored as in the host (NIO ignores it in this process too, and something here
        // ignores glibc's signal 32); ignored stays ignored across an exec unless reset.
        signal(SIGPIPE, SIG_IGN)
        let (output, _) = try run("grep -E '^Sig(Blk|Ign)' /proc/self/status")
        #expect(output == "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n")
    }

    @Test func itLeadsAProcessGroupOfItsOwnThatAGroupSignalEnds() throws {
        let (_, status) = try run("read line") { process in
            #expect(getpgid(process.pid) == process.pid)
            process.signalGroup(SIGTERM)
            #expect(process.waitForExit() == .signalled(SIGTERM))
        }
        #expect(status == .signalled(SIGTERM))
    }
}
