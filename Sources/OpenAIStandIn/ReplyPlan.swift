/// A reply flattened into what the event generator needs: pauses, text, calls and how it ends.
struct ReplyPlan: Sendable {
    enum Ending: Sendable {
        case completed
        case incomplete(reason: String)
        case failed(code: String, message: String)
        case errorEvent(code: String, message: String)
        case drop
    }

    var firstDelay: Duration = .zero
    var tokenDelay: Duration
    var text: String?
    var calls: [(name: String, arguments: String)] = []
    var stallAfterText: Duration?
    var ending: Ending = .completed

    /// nil for `.httpError`, which is answered before any stream exists.
    init?(_ reply: StandInReply, tokenDelay: Duration) {
        self.tokenDelay = tokenDelay
        switch reply {
        case .text(let text, let delay):
            self.text = text
            self.tokenDelay = delay ?? tokenDelay
        case .delayedText(let firstDelay, let text):
            self.firstDelay = firstDelay
            self.text = text
        case .functionCalls(let calls, let textBefore):
            self.calls = calls
            self.text = textBefore.flatMap { $0.isEmpty ? nil : $0 }
        case .httpError:
            return nil
        case .errorEvent(let text, let code, let message):
            (self.text, ending) = (text, .errorEvent(code: code, message: message))
        case .failed(let text, let code, let message):
            (self.text, ending) = (text, .failed(code: code, message: message))
        case .incomplete(let text, let reason):
            (self.text, ending) = (text, .incomplete(reason: reason))
        case .dropConnection(let text):
            (self.text, ending) = (text, .drop)
        case .stall(let text, let duration):
            (self.text, stallAfterText) = (text, duration)
        }
        // Faults with no text before them skip the message item entirely, as the real stream would.
        if text?.isEmpty == true, !calls.isEmpty || !(ending.isCompleted) { text = nil }
    }
}

extension ReplyPlan.Ending {
    var isCompleted: Bool {
        if case .completed = self { return true }
        return false
    }
}
