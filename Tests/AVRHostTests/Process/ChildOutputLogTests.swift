import Foundation
import ProcessSpawn
import Testing

@testable import AVRHost

/// The bounded log of a child's output, read from a real pipe: lines, the cut, the rate limit.
@Suite struct ChildOutputLogTests {
    private func logged(_ written: String, maximumLineBytes: Int = 8, linesPerWindow: Int = 4) -> [CapturedLogs.Entry] {
        var fds: [Int32] = [-1, -1]
        #expect(avr_cloexec_pipe(&fds) == 0)
        let bytes = Array(written.utf8)
        #expect(bytes.withUnsafeBytes { write(fds[1], $0.baseAddress!, $0.count) } == bytes.count)
        close(fds[1])
        let logs = CapturedLogs()
        ChildOutputLog(
            source: "child", level: .notice, metadata: ["child": "test"], maximumLineBytes: maximumLineBytes,
            linesPerWindow: linesPerWindow, window: .seconds(3600), logger: logs.logger
        ).read(from: fds[0])
        close(fds[0])
        return logs.all
    }

    @Test func eachLineIsLoggedUnderTheSourceAndEmptyOnesAreNot() {
        let entries = logged("one\n\ntwo\nlast without newline", maximumLineBytes: 100)
        #expect(entries.map(\.message) == ["child: one", "child: two", "child: last without newline"])
        #expect(entries.allSatisfy { $0.level == .notice && $0.metadata["child"] == "test" })
    }

    @Test func aLongLineIsCutAtACharactersStartAndItsRestSkipped() {
        // "é" is two bytes: the eighth byte is the middle of one.
        let long = "abcdefgé" + String(repeating: "x", count: 10_000)
        let entries = logged("\(long)\nafter\n")
        #expect(entries.map(\.message) == ["child: abcdefg [cut at 8 bytes]", "child: after"])
    }

    @Test func linesPastTheRateAreCountedAndTheCountLoggedAtTheEnd() {
        let entries = logged((1...7).map { "line \($0)\n" }.joined(), maximumLineBytes: 100)
        #expect(
            entries.map(\.message).prefix(4) == ["child: line 1", "child: line 2", "child: line 3", "child: line 4"])
        #expect(entries.count == 5)
        #expect(entries.last?.level == .warning)
        #expect(entries.last?.message.hasPrefix("child: 3 line(s) dropped (more than 4 in") == true)
        #expect(entries.last?.metadata["child"] == "test")
    }

    @Test func megabytesOfEmptyLinesAreConsumedAndLogNothing() {
        var fds: [Int32] = [-1, -1]
        #expect(avr_cloexec_pipe(&fds) == 0)
        // More than a pipe holds: a writer of its own, ended by the reader's reading.
        let writer = Thread { [write = fds[1]] in
            let newlines = [UInt8](repeating: 0x0A, count: 1 << 20)
            for _ in 0..<8 {
                var offset = 0
                while offset < newlines.count {
                    let wrote = newlines[offset...].withUnsafeBytes {
                        Foundation.write(write, $0.baseAddress!, $0.count)
                    }
                    guard wrote > 0 else { return }
                    offset += wrote
                }
            }
            _ = "end\n".withCString { Foundation.write(write, $0, 4) }
            close(write)
        }
        writer.start()
        let logs = CapturedLogs()
        ChildOutputLog(
            source: "child", level: .notice, metadata: [:], maximumLineBytes: 8, linesPerWindow: 4,
            window: .seconds(3600), logger: logs.logger
        ).read(from: fds[0])
        close(fds[0])
        #expect(logs.all.map(\.message) == ["child: end"])
    }
}
