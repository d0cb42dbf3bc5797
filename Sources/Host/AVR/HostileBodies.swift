/// Request bodies an attacker would send to `/prompt-stream`, each about `size` bytes, and a flat
/// body of the same size to compare their cost with: the attack corpus of the tests and of
/// `avr-bench`'s parsing benchmark.
public enum HostileBodies {
    public static let size = 1_000_000

    /// Every body by name, the flat baseline first.
    public static var all: [(name: String, body: String)] {
        [
            ("flat", flat), ("deep nesting", deepNesting), ("nesting within the cap", nestingWithinCap),
            ("many tokens", manyTokens),
        ]
    }

    /// A plain body with one large string in a field the host ignores: the baseline.
    public static var flat: String {
        let head = #"{"uuid":"flat","message":"hi","z":""#
        return head + String(repeating: "a", count: size - head.utf8.count - 2) + #""}"#
    }

    /// The reported attack: objects nested 508 deep in an ignored field, repeated to fill the body.
    public static var deepNesting: String { repeated(depth: 508, uuid: "deep") }

    /// The same shape just inside the nesting cap, so the host must read it all and answer.
    public static var nestingWithinCap: String { repeated(depth: 28, uuid: "nested") }

    /// Many small ignored values: every byte a separate token.
    public static var manyTokens: String {
        let head = #"{"uuid":"tokens","message":"hi","z":["#
        let count = (size - head.utf8.count - 2) / 2
        return head + Array(repeating: "0", count: count).joined(separator: ",") + "]}"
    }

    private static func repeated(depth: Int, uuid: String) -> String {
        let object = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        let head = #"{"uuid":"\#(uuid)","message":"hi","z":["#
        let copies = max(1, (size - head.utf8.count - 2) / (object.utf8.count + 1))
        return head + Array(repeating: object, count: copies).joined(separator: ",") + "]}"
    }
}
