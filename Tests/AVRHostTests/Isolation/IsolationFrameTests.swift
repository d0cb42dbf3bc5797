import Foundation
import Testing

@testable import AVRHost

/// The host <-> runner framing over a real socketpair: round trips, absent fields, a frame
/// bigger than a default socket buffer, the size limit, and malformed input.
@Suite struct IsolationFrameTests {
    @Test func framesCrossASocketpairIntactAndInOrder() throws {
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue), 0, &pair) == 0)
        pair.forEach(RunnerChannel.enlargeBuffers)
        let (left, right) = (RunnerChannel(fd: pair[0]), RunnerChannel(fd: pair[1]))
        let big = String(repeating: "é", count: 100_000)  // 200 kB: bigger than a default buffer
        let frames = [
            RunnerFrame(kind: .call, id: 1, fields: ["uuid", "c1", #"{"a":1}"#]),
            RunnerFrame(kind: .result, id: .max, fields: ["success", nil, "{}"]),
            RunnerFrame(kind: .log, fields: []),
            RunnerFrame(kind: .failed, id: 7, fields: [big, ""]),
        ]
        // Written from another thread: together they do not fit the socket buffer at once.
        Thread { for frame in frames { left.send(frame) } }.start()
        let buffer = RunnerReceiveBuffer()
        for frame in frames { #expect(right.receive(into: buffer) == frame) }
        // A frame above the limit is refused at the sender, not cut.
        #expect(!left.send(RunnerFrame(kind: .log, fields: [String(repeating: "x", count: left.maximumFrameBytes)])))
        left.shutdown()
        #expect(right.receive(into: buffer) == nil)
    }

    @Test func malformedBodiesAreRefused() {
        func decode(_ bytes: [UInt8]) -> RunnerFrame? {
            bytes.withUnsafeBytes { RunnerFrame(message: $0) }
        }
        let valid = RunnerFrame(kind: .call, id: 3, fields: ["x"]).encoded()
        #expect(decode(valid) == RunnerFrame(kind: .call, id: 3, fields: ["x"]))
        #expect(decode([99] + valid.dropFirst()) == nil)  // unknown kind
        #expect(decode(Array(valid.dropLast())) == nil)  // a field longer than the body
        #expect(decode(Array(valid.prefix(5))) == nil)  // shorter than kind + id
    }
}
