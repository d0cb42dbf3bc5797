import Foundation
import FunctionABI

/// Reply directives a human (or the Python fidelity check) writes in the user message; see `OpenAIStandIn`.
enum Directives {
    static func reply(for text: String) -> StandInReply? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = trimmed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.contains(where: { $0.hasPrefix("#call ") }) { return calls(lines) }
        guard trimmed.hasPrefix("#") else { return nil }
        let words = trimmed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(
            String.init)
        let rest = { (from: Int) in words.count > from ? words[from...].joined(separator: " ") : "" }
        let partial = "Partial answer"
        switch words.first {
        case "#http":
            let status = words.count > 1 ? Int(words[1]) ?? 500 : 500
            // Retryable statuses carry a zero retry-after so SDK retries stay quick.
            let retryable = status == 429 || status >= 500
            let message = rest(2).isEmpty ? "Stand-in HTTP error \(status)." : rest(2)
            return .httpError(
                status: status, message: message, retryAfter: retryable ? "0" : nil,
                retryAfterMs: retryable ? 0 : nil)
        case "#error":
            return .errorEvent(afterText: partial, code: "server_error", message: "Stand-in error event.")
        case "#fail":
            return .failed(afterText: partial, code: "server_error", message: "Stand-in failure.")
        case "#incomplete":
            return .incomplete(
                afterText: partial, reason: words.count > 1 ? words[1] : "max_output_tokens")
        case "#drop": return .dropConnection(afterText: partial)
        case "#slow":
            let milliseconds = words.count > 1 ? Int(words[1]) ?? 100 : 100
            return .text(
                rest(2).isEmpty ? "This answer arrives slowly." : rest(2),
                tokenDelay: .milliseconds(milliseconds))
        case "#delay":
            let milliseconds = words.count > 1 ? Int(words[1]) ?? 1000 : 1000
            return .delayedText(
                firstDelay: .milliseconds(milliseconds), rest(2).isEmpty ? "Sorry for the wait." : rest(2))
        case "#stall":
            let milliseconds = words.count > 1 ? Int(words[1]) ?? 5000 : 5000
            return .stall(afterText: partial, for: .milliseconds(milliseconds))
        default: return nil
        }
    }

    /// One `#call <name> <json-args>` per line; lines before the first call are text said before the calls.
    private static func calls(_ lines: [String]) -> StandInReply {
        let calls = lines.filter { $0.hasPrefix("#call ") }.map { line in
            let parts = line.dropFirst(6).split(separator: " ", maxSplits: 1).map(String.init)
            return (name: parts.first ?? "unknown", arguments: parts.count > 1 ? parts[1] : "{}")
        }
        let textBefore = lines.filter { !$0.hasPrefix("#call ") }.joined(separator: " ")
        return .functionCalls(calls, textBefore: textBefore.isEmpty ? nil : textBefore)
    }

    /// `#recall`: the model says which messages it was given before this one, so a test can see
    /// what context reached it.
    static let recall = "#recall"

    static func recallReply(context: [JSONValue]) -> StandInReply {
        let messages = context.compactMap { item -> String? in
            guard let role = item["role"]?.string else { return nil }
            return "\(role): \(ResponseRequest.messageText(item))"
        }
        return .text("Earlier: " + (messages.isEmpty ? "nothing" : messages.joined(separator: " | ")))
    }

    /// What the stand-in says when no rule or directive decides.
    static func defaultReply(for request: ResponseRequest) -> StandInReply {
        if let text = request.latestUserText, !text.isEmpty {
            return .text("You said: " + text)
        }
        let outputs = request.functionCallOutputs
        if !outputs.isEmpty {
            return .text("Done: " + outputs.map(\.output).joined(separator: "; "))
        }
        return .text("Hello! How can I help you today?")
    }
}
