import Foundation

/// The events of a streamed Responses API answer that the turn loop acts on.
public enum ResponseStreamEvent: Sendable, Equatable {
    case textDelta(String)
    /// A function call item was opened: its item id, `call_id` and name.
    case functionCallStarted(itemID: String, callID: String, name: String)
    case functionCallArgumentsDelta(itemID: String, delta: String)
    /// The final arguments of a call (this event carries no name or call id).
    case functionCallArgumentsDone(itemID: String, arguments: String)
    /// A finished function call item, with everything about it.
    case functionCallDone(itemID: String, callID: String, name: String, arguments: String)
    case completed
    /// A terminal failure inside the stream: `error`, `response.failed` or `response.incomplete`.
    case failed(kind: String, message: String)
    /// Any event the host does not need.
    case other(type: String)
}

extension ResponseStreamEvent {
    /// Decodes one SSE event of the Responses stream. Only the fields the host acts on are
    /// read; an event whose other fields differ from OpenAI's (as compatible servers' may) is
    /// passed over as `.other`, but one the host needs and cannot read is an error.
    public init(sse: SSEEvent) throws {
        // Most events need no decoding at all; the big ones (whole response objects in
        // created, in_progress, completed) are the costliest to decode. The event line says
        // which is which; servers that omit it get the full decoding below.
        if sse.type == "response.completed" {
            self = .completed
            return
        }
        if sse.type == "response.output_text.delta", let delta = DeltaScanner.delta(in: sse.data) {
            self = .textDelta(delta)
            return
        }
        // Output items are messages far more often than function calls, and only a function
        // call item needs decoding: without the words "function_call" it cannot be one.
        if sse.type == "response.output_item.added" || sse.type == "response.output_item.done",
            !ByteSearch.contains(Self.functionCallType, in: sse.data)
        {
            self = .other(type: sse.type)
            return
        }
        if sse.type != "message", !Self.needed.contains(sse.type) {
            self = .other(type: sse.type)
            return
        }
        let payload: Payload
        do {
            payload = try JSONDecoder().decode(Payload.self, from: Data(sse.data.utf8))
        } catch  where !Self.needed.contains(sse.type) {
            self = .other(type: sse.type)
            return
        }
        let type = payload.type ?? sse.type
        switch type {
        case "response.output_text.delta", "response.refusal.delta":
            // A refusal is still words for the caller; silence would be worse.
            self = .textDelta(payload.delta ?? "")
        case "response.output_item.added" where payload.item?.type == "function_call":
            let item = payload.item!
            self = .functionCallStarted(itemID: item.id ?? "", callID: item.call_id ?? "", name: item.name ?? "")
        case "response.output_item.done" where payload.item?.type == "function_call":
            let item = payload.item!
            self = .functionCallDone(
                itemID: item.id ?? "", callID: item.call_id ?? "", name: item.name ?? "",
                arguments: item.arguments ?? "")
        case "response.function_call_arguments.delta":
            self = .functionCallArgumentsDelta(itemID: payload.item_id ?? "", delta: payload.delta ?? "")
        case "response.function_call_arguments.done":
            self = .functionCallArgumentsDone(itemID: payload.item_id ?? "", arguments: payload.arguments ?? "")
        case "response.completed":
            self = .completed
        case "response.failed":
            let error = payload.response?.error
            self = .failed(
                kind: "response.failed",
                message: [error?.code, error?.message].compactMap { $0 }.joined(separator: ": "))
        case "response.incomplete":
            self = .failed(
                kind: "response.incomplete", message: payload.response?.incomplete_details?.reason ?? "unknown reason")
        case "error":
            self = .failed(
                kind: "error", message: [payload.code, payload.message].compactMap { $0 }.joined(separator: ": "))
        default:
            self = .other(type: type)
        }
    }

    private static let functionCallType = Array(#""function_call""#.utf8)

    /// Event types the turn loop cannot do without.
    private static let needed: Set<String> = [
        "response.output_text.delta", "response.refusal.delta", "response.output_item.added",
        "response.output_item.done",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.completed", "response.failed",
        "response.incomplete", "error",
    ]

    /// The fields of any stream event that the host reads; everything else is skipped.
    private struct Payload: Decodable {
        struct Item: Decodable {
            var type: String?
            var id: String?
            var call_id: String?
            var name: String?
            var arguments: String?
        }
        struct Failure: Decodable {
            var code: String?
            var message: String?
        }
        struct Incomplete: Decodable {
            var reason: String?
        }
        struct Response: Decodable {
            var error: Failure?
            var incomplete_details: Incomplete?
        }
        var type: String?
        var delta: String?
        var item_id: String?
        var arguments: String?
        var item: Item?
        var response: Response?
        var code: String?
        var message: String?
        var error: Failure?
    }
}
