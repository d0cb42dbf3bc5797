/// One dispatched Server-Sent Event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, or "message" when the event named none.
    public var type: String
    public var data: String
    /// The last event id seen so far in the stream (it carries over between events).
    public var lastEventID: String

    public init(type: String = "message", data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}

/// Incremental Server-Sent Events parser, following the WHATWG event-stream rules.
///
/// Bytes may be fed in pieces split anywhere (inside a field, a UTF-8 sequence, or between
/// the CR and LF of a line end); lines end with CRLF, LF or CR; comments are ignored; an
/// event without data is not dispatched; an unfinished event at the end is dropped.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var skipLineFeed = false
    private var atStreamStart = true
    private var eventType = ""
    private var data: [UInt8] = []
    private var hasData = false
    private var lastEventID = ""
    /// The most recent valid `retry:` value, in milliseconds.
    public private(set) var retryMilliseconds: Int?

    public init() {}

    /// Bytes held for the event being read (its unfinished line and data). A reader of a stream
    /// that may never end bounds this: an event that never ends would otherwise grow without limit.
    public var bufferedBytes: Int { line.count + data.count }

    /// Feeds the next bytes and returns the events they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        var events: [SSEEvent] = []
        if bytes.withContiguousStorageIfAvailable({ feed($0, into: &events) }) == nil {
            Array(bytes).withUnsafeBufferPointer { feed($0, into: &events) }
        }
        return events
    }

    /// Finds line ends with memchr and hands each whole line to `endLine`
    /// straight from the buffer: only a line split across reads is copied (byte by byte,
    /// this parser was a tenth of a turn's instructions).
    private mutating func feed(_ buffer: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        var start = 0
        while start < buffer.count {
            if skipLineFeed {
                skipLineFeed = false
                if buffer[start] == .lineFeed {
                    start += 1
                    continue
                }
            }
            let end = Self.lineEnd(in: buffer, from: start)
            let piece = UnsafeBufferPointer(rebasing: buffer[start..<end])
            guard end < buffer.count else {
                line.append(contentsOf: piece)
                return
            }
            skipLineFeed = buffer[end] == .carriageReturn
            if let event = endLine(piece) { events.append(event) }
            start = end + 1
        }
    }

    /// The index of the first CR or LF at or after `start`, or the end of `buffer`: two
    /// memchr calls, the second only up to the LF (a byte loop was a third of the parser's cost).
    private static func lineEnd(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let lineFeed = ByteSearch.index(of: .lineFeed, in: buffer, from: start, to: buffer.count) ?? buffer.count
        return ByteSearch.index(of: .carriageReturn, in: buffer, from: start, to: lineFeed) ?? lineFeed
    }

    /// Ends the line made of what an earlier read left unfinished, then `rest`.
    private mutating func endLine(_ rest: UnsafeBufferPointer<UInt8>) -> SSEEvent? {
        guard !line.isEmpty else { return endLine(bytes: rest[...]) }
        var whole: [UInt8] = []
        swap(&whole, &line)
        whole.append(contentsOf: rest)
        defer {
            whole.removeAll(keepingCapacity: true)
            swap(&whole, &line)
        }
        return whole.withUnsafeBufferPointer { endLine(bytes: $0[...]) }
    }

    private mutating func endLine(bytes line: Slice<UnsafeBufferPointer<UInt8>>) -> SSEEvent? {
        var line = line
        if atStreamStart {
            atStreamStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        }
        if line.isEmpty { return dispatch() }
        if line.first == .colon { return nil }
        let colon = line.firstIndex(of: .colon) ?? line.endIndex
        var valueStart = colon == line.endIndex ? colon : colon + 1
        if valueStart < line.endIndex, line[valueStart] == .space { valueStart += 1 }
        let value = line[valueStart...]
        let name = line[..<colon]
        if ByteSearch.equals(name, Self.dataField) {
            if hasData { data.append(.lineFeed) }
            data.append(contentsOf: value)
            hasData = true
        } else if ByteSearch.equals(name, Self.eventField) {
            eventType = String(decoding: value, as: UTF8.self)
        } else if ByteSearch.equals(name, Self.idField), !value.contains(0) {
            lastEventID = String(decoding: value, as: UTF8.self)
        } else if ByteSearch.equals(name, Self.retryField), !value.isEmpty,
            value.allSatisfy({ (0x30...0x39).contains($0) })
        {
            retryMilliseconds = Int(String(decoding: value, as: UTF8.self))
        }
        return nil
    }

    private static let dataField = Array("data".utf8)
    private static let eventField = Array("event".utf8)
    private static let idField = Array("id".utf8)
    private static let retryField = Array("retry".utf8)

    private mutating func dispatch() -> SSEEvent? {
        defer {
            eventType = ""
            data.removeAll(keepingCapacity: true)
            hasData = false
        }
        guard hasData else { return nil }
        return SSEEvent(
            type: eventType.isEmpty ? "message" : eventType,
            data: String(decoding: data, as: UTF8.self),
            lastEventID: lastEventID
        )
    }
}

extension UInt8 {
    fileprivate static let lineFeed: UInt8 = 0x0A
    fileprivate static let carriageReturn: UInt8 = 0x0D
    fileprivate static let colon: UInt8 = 0x3A
    fileprivate static let space: UInt8 = 0x20
}
