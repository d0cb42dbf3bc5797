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
        limits: [ResourceLimit] = [], whileRunning: (SpawnedProcess, _ output: Int32) throws -> Void = { _, _ in }
    ) throws -> (output: String, status: AVRHost.ExitStatus) {
        let input = Self.pipe()
        let output = Self.pipe()
        let process = try SpawnedProcess.start(
            SpawnRequest(
                executable: "/bin/sh", arguments: ["sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"],
                workingDirectory: workingDirectory, standardInput: input.read, standardOutput: output.write,
                standardError: output.write, passedDescriptor: descriptor, limits: limits))
        for fd in [input.read, output.write] { close(fd) }
        try whileRunning(process, output.read)
        close(input.write)
        let text = Self.readAll(output.read)
        close(output.read)
        return (text, process.waitForExit())
    }

    /// A process's state letter from /proc ("S" sleeping, "Z" zombie), or nil when it is gone.
    private static func state(of pid: pid_t) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.range(of: ") ", options: .backwards)
        else { return nil }
        return stat[end.upperBound...].split(separator: " ").first.map(String.init)
    }

    private static func pipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        #expect(avr_cloexec_pipe(&fds) == 0)
        return (fds[0], fds[1])
    }

    /// One line from `fd`, without its newline, read a byte at a time (the rest stays unread).
    private static func line(from fd: Int32) -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1, byte != 0x0A { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
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
        let error = SpawnError(errno: ENOENT, executable: "/bin/true", step: .workingDirectory)
        #expect(throws: error) { try SpawnedProcess.start(request) }
        #expect(
            error.description == "cannot start /bin/true: cannot enter the working directory: No such file or directory"
        )
    }

    @Test func aLimitAboveTheHostsHardLimitFailsAsThatStepAndIsStartedLoweredToIt() throws {
        let resource = Int32(RLIMIT_NOFILE.rawValue)
        let hard = try #require(ResourceLimit.hostHardLimit(resource))
        let asked = [ResourceLimit(resource: resource, soft: hard + 1, hard: hard + 1)]
        // Asked as it is, the child cannot raise its hard limit: the error names that step.
        let refused = SpawnError(errno: EPERM, executable: "/bin/true", step: .limit(resource))
        #expect(throws: refused) {
            try SpawnedProcess.start(
                SpawnRequest(
                    executable: "/bin/true", arguments: ["true"], environment: [:], standardInput: 0,
                    standardOutput: 1, standardError: 2, limits: asked))
        }
        #expect(
            refused.description
                == "cannot start /bin/true: cannot set the open files (RLIMIT_NOFILE) limit: Operation not permitted")
        // Brought within the host's limit first, it starts with the host's hard limit.
        let (used, lowered) = ResourceLimit.withinHost(asked)
        #expect(used == [ResourceLimit(resource: resource, soft: hard, hard: hard)])
        #expect(lowered.map(\.asked) == asked && lowered.map(\.used) == used)
        let (output, status) = try run("ulimit -n; ulimit -Hn", limits: used)
        #expect(output == "\(hard)\n\(hard)\n")
        #expect(status == .exited(0))
    }

    @Test func aMissingStandardDescriptorIsRefusedNotLeftToTheHosts() {
        for slot in 0..<3 {
            var fds: [Int32] = [0, 1, 2]
            fds[slot] = -1
            let request = SpawnRequest(
                executable: "/bin/true", arguments: ["true"], environment: [:], standardInput: fds[0],
                standardOutput: fds[1], standardError: fds[2])
            #expect(throws: SpawnError(errno: EBADF, executable: "/bin/true", step: .host)) {
                try SpawnedProcess.start(request)
            }
        }
    }

    @Test(.timeLimit(.minutes(1))) func aChildHungBeforeItsExecIsKilledAfterTheTimeoutAndTheSpawnerGoesOn() throws {
        let request = SpawnRequest(
            executable: "/bin/true", arguments: ["true"], environment: [:], standardInput: 0, standardOutput: 1,
            standardError: 2, execTimeout: .milliseconds(200), stopBeforeExec: true)
        let error = SpawnError(errno: ETIMEDOUT, executable: "/bin/true", step: .timeout(.milliseconds(200)))
        #expect(throws: error) { try SpawnedProcess.start(request) }
        #expect(error.description.hasSuffix("neither ran nor failed within 0.2 seconds (its process group was killed)"))
        // The spawner is free again for the next child.
        let (output, _) = try run("echo next")
        #expect(output == "next\n")
    }

    @Test func aProcessItCannotWaitForEndsWithAnUnknownStatusAndIsNotSignalled() throws {
        // A group leader that is not the host's child (sh's, in a session of its own, which it
        // has when it says its pid): waiting for it fails at once.
        _ = try run("setsid sh -c 'echo $$; exec sleep 60' & read line") { _, output in
            let stranger = SpawnedProcess(pid: try #require(pid_t(Self.line(from: output))))
            #expect(stranger.waitForExit() == .unknown(errno: ECHILD))
            // Not killed (with its group), as a reaped one would have been.
            #expect(![nil, "Z"].contains(Self.state(of: stranger.pid)))
            kill(stranger.pid, SIGKILL)
        }
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
        let (_, status) = try run("read line") { process, _ in
            #expect(getpgid(process.pid) == process.pid)
            process.signalGroup(SIGTERM)
            #expect(process.waitForExit() == .signalled(SIGTERM))
        }
        #expect(status == .signalled(SIGTERM))
    }
}
