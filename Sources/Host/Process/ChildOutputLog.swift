import Foundation
import Logging

/// A child process's output in the host log, line by line and bounded, so a chatty or hostile
/// child cannot flood it: a line is cut at `maximumLineBytes` (the rest of it skipped, never
/// held), and past the rate limit lines are counted instead of logged.
struct ChildOutputLog: Sendable {
    /// Begins each line in the log ("runner output", "MCP server demo stderr").
    var source: String
    var level: Logger.Level
    var metadata: Logger.Metadata
    var maximumLineBytes: Int
    var linesPerWindow: Int
    var window: Duration
    var logger: Logger

    /// Reads `fd` until its end (every process holding its other end gone), logging each line
    /// that is not empty. Blocks; `fd` stays the caller's.
    func read(from fd: Int32) {
        let limit = LogRateLimit(
            lines: linesPerWindow, window: window, source: source, metadata: metadata, logger: logger)
        var pending: [UInt8] = []
        var skippingRest = false
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            pending += chunk[0..<count]
            // Lines are found from a start index and the consumed bytes dropped once per read:
            // removing each line from the front would move the rest every time (quadratic).
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                if !skippingRest { log(pending[start..<newline], limit) }
                skippingRest = false
                start = newline + 1
            }
            pending.removeSubrange(..<start)
            // A line longer than the cut is logged (cut) now, and the rest of it skipped.
            if !skippingRest, pending.count > maximumLineBytes {
                log(pending[...], limit)
                skippingRest = true
            }
            if skippingRest { pending.removeAll() }
        }
        if !skippingRest { log(pending[...], limit) }
        limit.finish()
    }

    private func log(_ line: ArraySlice<UInt8>, _ limit: LogRateLimit) {
        guard !line.isEmpty, limit.admit() else { return }
        logger.log(level: level, "\(source): \(Self.text(line, cutAt: maximumLineBytes))", metadata: metadata)
    }

    /// `line` as text, cut past `maximum` bytes where a character begins (never half of one),
    /// with a note of the cut.
    static func text(_ line: ArraySlice<UInt8>, cutAt maximum: Int) -> String {
        guard line.count > maximum else { return String(decoding: line, as: UTF8.self) }
        var end = line.startIndex + maximum
        while end > line.startIndex, line[end] & 0xC0 == 0x80 { end -= 1 }
        return "\(String(decoding: line[..<end], as: UTF8.self)) [cut at \(maximum) bytes]"
    }
}
