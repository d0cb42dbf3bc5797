import FunctionABI
import Hummingbird

/// Writes each event as its own SSE block and body write, so clients see it as soon as it exists.
struct SSESink: EventSink {
    var writer: any ResponseBodyWriter
    let standIn: OpenAIStandIn

    mutating func send(_ event: JSONValue, type: String) async throws {
        let block = "event: \(type)\ndata: \(event.jsonText)\n\n"
        do {
            try await writer.write(ByteBuffer(string: block))
        } catch {
            // The only way a write fails here is the client closing the socket mid-stream.
            standIn.mutate { $0.clientDisconnects += 1 }
            throw error
        }
    }
}
