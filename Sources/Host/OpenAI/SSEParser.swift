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
        for byte in bytes {
            if skipLineFeed {
                skipLineFeed = false
                if byte == .lineFeed { continue }
            }
            switch byte {
            case .carriageReturn:
                skipLineFeed = true
                if let event = endLine() { events.append(event) }
            case .lineFeed:
                if let event = endLine() { events.append(event) }
            default:
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() -> SSEEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if atStreamStart {
            atStreamStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        if line.isEmpty { return dispatch() }
        if line[0] == .colon { return nil }
        let colon = line.firstIndex(of: .colon) ?? line.endIndex
        var valueStart = colon == line.endIndex ? colon : colon + 1
        if valueStart < line.endIndex, line[valueStart] == .space { valueStart += 1 }
        let value = line[valueStart...]
        switch String(decoding: line[..<colon], as: UTF8.self) {
        case "event": eventType = String(decoding: value, as: UTF8.self)
        case "data":
            if hasData { data.append(.lineFeed) }
            data.append(contentsOf: value)
            hasData = true
        case "id" where !value.contains(0): lastEventID = String(decoding: value, as: UTF8.self)
        case "retry" where !value.isEmpty && value.allSatisfy({ (0x30...0x39).contains($0) }):
            retryMilliseconds = Int(String(decoding: value, as: UTF8.self))
        default: break
        }
        return nil
    }

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
