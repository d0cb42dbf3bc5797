import FunctionABI
import AVRHost

/// Reads AVR's answer framing: newline-separated `{"type":"text","content":...}` objects.
enum AVRTexts {
    static func parse(_ raw: String) throws -> [String] {
        try raw.split(separator: "\n").map { line in
            let object = try JSONValue.parse(String(line))
            guard object["type"]?.stringValue == "text", let content = object["content"]?.stringValue else {
                throw AVRFramingError(line: String(line))
            }
            return content
        }
    }
}

struct AVRFramingError: Error { var line: String }
