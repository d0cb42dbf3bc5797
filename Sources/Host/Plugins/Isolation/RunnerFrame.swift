/// One message between the host and a plugin runner: one `SOCK_SEQPACKET` message each, so
/// no length prefix. `u8` kind, `u64` id, then each field as `u32` length and UTF-8 bytes
/// (`0xFFFFFFFF` for an absent field), all little-endian. Binary and copy-light, because a
/// call's round trip through a runner should cost tens of microseconds.
struct RunnerFrame: Sendable, Equatable {
    enum Kind: UInt8, Sendable {
        /// host -> runner, first: the one-entry plugins.json, the shared host settings (JSON).
        case configure = 1
        /// runner -> host: name, description, parameters schema, version of the served function.
        case ready = 2
        /// runner -> host: why the function could not be loaded; the runner exits after it.
        case failed = 3
        /// host -> runner, id = call id: uuid, call id, arguments JSON.
        case call = 4
        /// runner -> host, id = call id: "success" or "failure", spoken message, output JSON.
        case result = 5
        /// runner -> host: level, uuid, message (the plugin's log line).
        case log = 6
    }

    var kind: Kind
    var id: UInt64 = 0
    var fields: [String?] = []

    /// The largest frame, when the socket's buffers allow it (`RunnerChannel.maximumFrameBytes`):
    /// a tool's arguments or output above this is refused, with an error saying so.
    static let maximumBytes = 1 << 20
    private static let absent = UInt32.max

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(9 + fields.reduce(0) { $0 + 4 + ($1?.utf8.count ?? 0) })
        bytes.append(kind.rawValue)
        withUnsafeBytes(of: id.littleEndian) { bytes.append(contentsOf: $0) }
        for field in fields {
            guard let field else {
                withUnsafeBytes(of: Self.absent.littleEndian) { bytes.append(contentsOf: $0) }
                continue
            }
            withUnsafeBytes(of: UInt32(field.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field.utf8)
        }
        return bytes
    }

    /// Decodes one message; nil when it is malformed.
    init?(message body: UnsafeRawBufferPointer) {
        guard body.count >= 9, let kind = Kind(rawValue: body[0]) else { return nil }
        self.kind = kind
        id = UInt64(littleEndian: body.loadUnaligned(fromByteOffset: 1, as: UInt64.self))
        var offset = 9
        while offset < body.count {
            guard offset + 4 <= body.count else { return nil }
            let length = UInt32(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            offset += 4
            if length == Self.absent {
                fields.append(nil)
                continue
            }
            guard Int(length) <= body.count - offset else { return nil }
            fields.append(
                String(decoding: UnsafeRawBufferPointer(rebasing: body[offset..<offset + Int(length)]), as: UTF8.self))
            offset += Int(length)
        }
    }

    init(kind: Kind, id: UInt64 = 0, fields: [String?] = []) {
        self.kind = kind
        self.id = id
        self.fields = fields
    }

    /// Field `index`, or nil when absent or missing.
    subscript(index: Int) -> String? { index < fields.count ? fields[index] : nil }
}
