import Foundation
import FunctionABI
import Hummingbird
import NIOCore
import Synchronization

/// A stand-in for avr-ami on 127.0.0.1:<free port>: records the JSON POSTed to /transfer and
/// /hangup and answers like avr-ami. uuid "missing" gets 404, uuid "broken" gets 500, and a
/// uuid "slow-<ms>-..." is answered after that many milliseconds.
final class AMIStandIn: Sendable {
    struct Received: Sendable, Equatable {
        var path: String
        var body: JSONValue
    }

    private let received = Mutex<[Received]>([])
    private let task = Mutex<Task<Void, any Error>?>(nil)
    let port: Int

    var url: String { "http://127.0.0.1:\(port)" }
    var requests: [Received] { received.withLock { $0 } }

    private init(port: Int) { self.port = port }

    /// Starts the server and returns once it listens.
    static func start() async throws -> AMIStandIn {
        let portStream = AsyncStream<Int>.makeStream()
        let box = Mutex<AMIStandIn?>(nil)
        let router = Router()
        for path in ["transfer", "hangup"] {
            router.post(RouterPath(stringLiteral: path)) { request, context -> Response in
                let buffer = try await request.body.collect(upTo: 1 << 20)
                let body = JSONValue(parsing: String(buffer: buffer)) ?? .null
                box.withLock { $0 }?.received.withLock { $0.append(Received(path: "/" + path, body: body)) }
                let uuid = body["uuid"]?.stringValue ?? ""
                let parts = uuid.split(separator: "-")
                if parts.first == "slow", parts.count > 1, let delay = Int(parts[1]) {
                    try await Task.sleep(for: .milliseconds(delay))
                }
                let (status, message): (HTTPResponse.Status, String) =
                    switch uuid {
                    case "missing": (.notFound, "Call with UUID \(uuid) not found")
                    case "broken": (.internalServerError, "Error communicating with Asterisk")
                    default: (.ok, path == "transfer" ? "Call transferred" : "Call hung up")
                    }
                return Response(
                    status: status, headers: [.contentType: "application/json"],
                    body: .init(
                        byteBuffer: ByteBuffer(string: JSONValue.object(["message": .string(message)]).jsonText)
                    ))
            }
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portStream.continuation.yield(channel.localAddress?.port ?? 0)
            })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = portStream.stream.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        let standIn = AMIStandIn(port: port)
        box.withLock { $0 = standIn }
        standIn.task.withLock { $0 = task }
        return standIn
    }

    func stop() {
        task.withLock { $0?.cancel() }
    }
}
