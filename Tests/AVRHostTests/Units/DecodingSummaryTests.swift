import Foundation
import FunctionABI
import Testing

/// What a plugin's model hears when its arguments do not decode: the field and what was wrong.
@Suite("Argument decoding errors in words")
struct DecodingSummaryTests {
    struct Arguments: Decodable {
        struct Item: Decodable { var name: String }
        var extensionNumber: Int
        var items: [Item]?
        var urgent: Bool?
    }

    static let cases: [(json: String, summary: String)] = [
        (#"{"extensionNumber":"600"}"#, "extensionNumber: expected a whole number"),
        (#"{}"#, "extensionNumber: missing"),
        (#"{"extensionNumber":null}"#, "extensionNumber: expected a whole number, got null"),
        (#"{"extensionNumber":1,"items":[{"name":"a"},{}]}"#, "items[1].name: missing"),
        (#"{"extensionNumber":1,"urgent":"yes"}"#, "urgent: expected true or false"),
        (#"[1]"#, "(arguments): expected "),
    ]

    @Test("each failure names the field and what it expected", arguments: cases)
    func summaries(json: String, summary: String) {
        do {
            _ = try JSONDecoder().decode(Arguments.self, from: Data(json.utf8))
            Issue.record("\(json) decoded")
        } catch let error as DecodingError {
            #expect(error.summary.hasPrefix(summary), "\(error.summary)")
            #expect(!error.summary.contains("CodingKeys"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
