import FunctionABI
import Testing

@testable import AVRHost

/// How a `tools/call` answer becomes the model's output and the caller's words.
@Suite struct MCPOutcomeTests {
    let config = MCPServerConfig(name: "crm", transport: .http(url: "http://h/mcp", headers: [:]))

    func outcome(_ result: JSONValue) -> ToolOutcome {
        MCPOutcome.from(.success(result), tool: "crm_find", server: "crm", config: config)
    }

    @Test func textIsTheMessageStructuredContentTheDataAndAShortLineIsSpoken() throws {
        let found = outcome([
            "content": [["type": "text", "text": "Ada, customer since 2019"]],
            "structuredContent": ["name": "Ada", "since": 2019],
        ])
        #expect(found.succeeded)
        #expect(found.spokenMessage == "Ada, customer since 2019")
        #expect(
            try JSONValue.parse(found.output)
                == [
                    "status": "success", "message": "Ada, customer since 2019", "data": ["name": "Ada", "since": 2019],
                ])
    }

    @Test func otherContentIsNamedAndLongOrStructuredTextIsNotSpoken() {
        #expect(outcome(["content": .array(mixedContent)]).spokenMessage == nil)
        #expect(MCPOutcome.text(of: mixedContent) == "[image content]\ninside\n[resource file:///b.txt]")
        #expect(
            outcome(["content": [["type": "text", "text": .string(String(repeating: "a", count: 201))]]]).spokenMessage
                == nil)
        #expect(outcome(["content": [["type": "text", "text": #"{"a": 1}"#]]]).spokenMessage == nil)
    }

    let mixedContent: [JSONValue] = [
        ["type": "image", "data": "AAAA", "mimeType": "image/png"],
        ["type": "resource", "resource": ["uri": "file:///a.txt", "text": "inside"]],
        ["type": "resource_link", "uri": "file:///b.txt"],
    ]

    @Test func errorsBecomeFailureOutputsTheModelCanRead() throws {
        let refused = outcome(["content": [["type": "text", "text": "no such customer"]], "isError": true])
        #expect(!refused.succeeded)
        #expect(try JSONValue.parse(refused.output)["error"] == "tool_error")
        #expect(try JSONValue.parse(refused.output)["message"] == "no such customer")
        let late = MCPOutcome.from(
            .failure(.timedOut(milliseconds: 5000)), tool: "crm_find", server: "crm", config: config)
        #expect(try JSONValue.parse(late.output)["message"] == "The function crm_find did not answer within 5000 ms.")
        let gone = MCPOutcome.from(.failure(.closed("it exited")), tool: "crm_find", server: "crm", config: config)
        #expect(try JSONValue.parse(gone.output)["message"] == "The MCP server crm is not available: it exited")
    }

    @Test func environmentReferencesAreFilledInOrRefused() throws {
        #expect(try EnvironmentReference.expand("Bearer ${T}-${U}", from: ["T": "abc", "U": "x"]) == "Bearer abc-x")
        #expect(try EnvironmentReference.expand("no $ref {here}", from: [:]) == "no $ref {here}")
        #expect(throws: EnvironmentReference.Missing.self) { try EnvironmentReference.expand("${NOPE}", from: [:]) }
    }
}
