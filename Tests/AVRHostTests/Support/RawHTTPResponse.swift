import Foundation
import FunctionABI
import OpenAIStandIn

/// A parsed answer: status, headers, de-chunked body, and whether the chunked body ended properly.
struct RawHTTPResponse {
    var status: Int
    var headers: [String: String]
    var body: String
    /// The body's chunks as they were framed on the wire (empty for a body that was not chunked).
    var chunks: [String]
    /// False when a chunked body stopped before its terminating zero-length chunk.
    var complete: Bool

    init(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        // An empty answer (connection closed early) gives status 0 rather than a crash.
        status = head[0].split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        headers = [:]
        for line in head.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if pair.count == 2 { headers[pair[0].lowercased()] = pair[1] }
        }
        let raw = parts.dropFirst().joined(separator: "\r\n\r\n")
        guard headers["transfer-encoding"] == "chunked" else {
            body = raw
            chunks = []
            complete = Int(headers["content-length"] ?? "") == raw.utf8.count
            return
        }
        var complete = false
        chunks = Self.dechunk(raw, complete: &complete)
        body = chunks.joined()
        self.complete = complete
    }

    private static func dechunk(_ raw: String, complete: inout Bool) -> [String] {
        var bytes = Substring(raw).utf8[...]
        var chunks: [String] = []
        while let lineEnd = bytes.firstRange(of: "\r\n".utf8) {
            guard let size = Int(String(decoding: bytes[..<lineEnd.lowerBound], as: UTF8.self), radix: 16)
            else { break }
            if size == 0 {
                complete = true
                return chunks
            }
            let start = lineEnd.upperBound
            guard bytes.distance(from: start, to: bytes.endIndex) >= size + 2 else {
                chunks.append(String(decoding: bytes[start...], as: UTF8.self))
                break
            }
            let end = bytes.index(start, offsetBy: size)
            chunks.append(String(decoding: bytes[start..<end], as: UTF8.self))
            bytes = bytes[bytes.index(end, offsetBy: 2)...]
        }
        return chunks
    }

    var json: JSONValue? { try? JSONValue.parse(Array(body.utf8)) }

    /// SSE blocks as (event name, data JSON).
    var events: [(event: String, data: JSONValue)] {
        body.components(separatedBy: "\n\n").compactMap { block in
            var name = ""
            var data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            guard !name.isEmpty, let json = try? JSONValue.parse(Array(data.utf8)) else { return nil }
            return (name, json)
        }
    }
}

extension OpenAIStandIn {
    /// One request over a fresh connection, read to the end.
    func call(
        _ method: String, _ path: String, _ body: String? = nil, headers: [String: String] = [:]
    ) async throws
        -> RawHTTPResponse
    {
        let connection = try RawConnection(port: port)
        connection.send(method: method, path: path, body: body, headers: headers)
        _ = await connection.read()
        return RawHTTPResponse(connection.received)
    }

    /// Starts a stand-in on a free port for one test.
    static func started(_ configuration: StandInConfiguration = .init()) async throws -> OpenAIStandIn {
        let standIn = OpenAIStandIn(configuration: configuration)
        try await standIn.start()
        return standIn
    }
}
