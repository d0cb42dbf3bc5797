import FunctionABI
/// How text objects are framed on the `/prompt-stream` answer.
public enum StreamFormat: Sendable {
    /// AVR's own framing: bare `{"type":"text","content":"..."}` objects, one per chunk.
    case avr
    /// Standard Server-Sent Events: `data: {...}` followed by a blank line.
    case sse

    /// The bytes of one text object in this framing.
    public func frame(text: String) -> String {
        var object = #"{"type":"text","content":"#
        text.writeJSONString(to: &object)
        object += "}"
        switch self {
        case .avr: return object + "\n"
        case .sse: return "data: " + object + "\n\n"
        }
    }
}
