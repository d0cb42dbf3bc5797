import Foundation
import ProcessSpawn
import Testing

@testable import AVRHost

/// A host out of descriptors: ChildProcess must fail the start, not hand the spawner a -1 (the
/// child would then inherit the host's own stdin, stdout or stderr). Run in a copy of this test
/// process with a low descriptor limit, since the limit is the whole process's.
@Suite struct ChildProcessPipeTests {
    private static let marker = "AVR_TEST_FEW_DESCRIPTORS"

    @Test func aPipeThatCannotBeMadeFailsTheStartAndLeaksNothing() throws {
        let testRunner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        var fds: [Int32] = [-1, -1]
        #expect(avr_cloexec_pipe(&fds) == 0)
        let process = try SpawnedProcess.start(
            SpawnRequest(
                executable: testRunner,
                arguments: [
                    testRunner, "--testing-library", "swift-testing", "--filter", "withFewDescriptorsLeft",
                ],
                environment: [Self.marker: "1", "PATH": "/usr/bin:/bin"], standardInput: fds[0],
                standardOutput: fds[1], standardError: fds[1],
                limits: [ResourceLimit(resource: Int32(RLIMIT_NOFILE.rawValue), soft: 64, hard: 64)]))
        close(fds[1])
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while case let count = read(fds[0], &chunk, chunk.count), count != 0 {
            if count < 0 { if errno == EINTR { continue } else { break } }
            output += chunk[0..<count]
        }
        close(fds[0])
        let text = String(decoding: output, as: UTF8.self)
        #expect(process.waitForExit() == .exited(0), "\(text)")
        #expect(text.contains("withFewDescriptorsLeft() passed"), "\(text)")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment[marker] != nil))
    func withFewDescriptorsLeft() throws {
        // Every descriptor taken but two: the first pipe is made, the second is not.
        var taken: [Int32] = []
        defer { taken.forEach { close($0) } }
        while case let fd = open("/dev/null", O_RDONLY | O_CLOEXEC), fd >= 0 { taken.append(fd) }
        try #require(errno == EMFILE && taken.count > 2)
        for fd in taken.suffix(2) { close(fd) }
        taken.removeLast(2)
        #expect(throws: SpawnError(errno: EMFILE, executable: "/bin/true", step: .host)) {
            try ChildProcess.start(command: ["/bin/true"], environment: [:], workingDirectory: "/")
        }
        // The pipe made before the failure was closed: both descriptors are free again.
        let reopened = (0..<2).map { _ in open("/dev/null", O_RDONLY | O_CLOEXEC) }
        #expect(reopened.allSatisfy { $0 >= 0 })
        taken += reopened.filter { $0 >= 0 }
    }
}
