import AVRHost
import Foundation
import FunctionABI
import OpenAIStandIn
import Testing

/// The turn loop with the real plugins (`.so` files built by the package) and an AMI stand-in.
@Suite("Tool calls in a turn")
struct ToolLoopTests {
    /// A host whose plugins.json (in a fresh folder) enables the three built-in plugins.
    private func withPluginHost(
        timeoutMs: Int = 10000, waitingMessage: String? = nil, maxToolRounds: Int = 4, extraEntries: String = "",
        _ body: (TestHost, AMIStandIn) async throws -> Void
    ) async throws {
        let ami = try await AMIStandIn.start()
        defer { ami.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tool-loop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = """
            {"plugins": {
              "avr_transfer": {"enabled": true, "timeout_ms": \(timeoutMs)},
              "avr_hangup": {"enabled": true, "timeout_ms": \(timeoutMs)},
              "collect_info": {"enabled": true, "settings": {"data_dir": "\(folder.path)/files"}}\(extraEntries)
            }}
            """
        try config.write(to: folder.appendingPathComponent("plugins.json"), atomically: true, encoding: .utf8)
        try await withTestHost(tools: nil) { settings in
            settings.pluginsConfigPath = folder.appendingPathComponent("plugins.json").path
            settings.amiURL = ami.url
            settings.assistant.waitingMessage = waitingMessage
            settings.assistant.waitingTimeout = .milliseconds(150)
            settings.assistant.maxToolRounds = maxToolRounds
        } _: { host in
            try await body(host, ami)
        }
    }

    @Test("every request offers the enabled functions as tools")
    func toolsAreOffered() async throws {
        try await withPluginHost { host, _ in
            _ = try await host.turn(#"{"uuid":"offer","message":"hello"}"#)
            let tools = try #require(host.standIn.responseBodies.first?["tools"]?.arrayValue)
            #expect(
                Set(tools.compactMap { $0["name"]?.stringValue }) == ["avr_transfer", "avr_hangup", "collect_info"])
            for tool in tools {
                #expect(tool["type"] == "function")
                #expect(tool["strict"] == false)
                #expect(tool["parameters"]?["type"] == "object")
                #expect(tool["description"]?.stringValue?.isEmpty == false)
            }
            let transfer = try #require(tools.first { $0["name"] == "avr_transfer" })
            // Optional: without one, the entry's default_extension is used.
            #expect(transfer["parameters"]?["properties"]?["transfer_extension"]?["type"] == "string")
            #expect(transfer["parameters"]?["required"] == nil)
        }
    }

    @Test("a transfer reaches AMI with the exact payload; the caller hears AMI's answer; the output goes back")
    func transfer() async throws {
        try await withPluginHost { host, ami in
            host.standIn.respond { request in
                request.latestUserText == "put me through to sales"
                    ? .functionCalls([("avr_transfer", #"{"transfer_extension":"700"}"#)], textBefore: "One moment.")
                    : nil
            }
            let answer = try await host.turn(#"{"uuid":"call-42","message":"put me through to sales"}"#)
            #expect(
                ami.requests == [
                    .init(
                        path: "/transfer", body: ["uuid": "call-42", "exten": "700", "context": "demo", "priority": 1])
                ])
            #expect(answer.texts.joined().hasPrefix("One moment."))
            #expect(answer.texts.contains("Call transferred"))
            let requests = host.standIn.responseBodies
            try #require(requests.count == 2)
            let output = try #require(requests[1]["input"]?.arrayValue?.first)
            #expect(output["type"] == "function_call_output")
            #expect(output["call_id"]?.stringValue?.hasPrefix("call_") == true)
            let result = try JSONValue.parse(try #require(output["output"]?.stringValue))
            #expect(result["status"] == "success")
            #expect(result["message"] == "Call transferred")
            #expect(requests[1]["conversation"] == requests[0]["conversation"])
        }
    }

    @Test("several calls run in parallel and all outputs go in one follow-up request")
    func parallelCalls() async throws {
        try await withPluginHost { host, ami in
            host.standIn.respond { request in
                request.latestUserText == "note it and hang up"
                    ? .functionCalls([("collect_info", #"{"name":"Ada"}"#), ("avr_hangup", "{}")]) : nil
            }
            let answer = try await host.turn(#"{"uuid":"slow-300-two","message":"note it and hang up"}"#)
            #expect(answer.texts.contains("Call hung up"))
            #expect(ami.requests.map(\.path) == ["/hangup"])
            let followUp = try #require(host.standIn.responseBodies.last?["input"]?.arrayValue)
            #expect(followUp.count == 2)
            #expect(followUp.allSatisfy { $0["type"] == "function_call_output" })
        }
    }

    @Test(
        "an unknown function or invalid arguments give the model an error output and the turn goes on",
        arguments: [("no_such_tool", "{}"), ("avr_transfer", "{not json")])
    func badCalls(name: String, arguments: String) async throws {
        try await withPluginHost { host, ami in
            host.standIn.respond { request in
                request.latestUserText == "do it" ? .functionCalls([(name, arguments)]) : nil
            }
            let answer = try await host.turn(#"{"uuid":"bad-call","message":"do it"}"#)
            #expect(answer.status == 200)
            #expect(ami.requests.isEmpty)
            let output = try #require(host.standIn.responseBodies.last?["input"]?.arrayValue?.first)
            #expect(output["type"] == "function_call_output")
            #expect(
                output["output"]?.stringValue?.contains("error") == true
                    || output["output"]?.stringValue?.contains("failure") == true)
            // The follow-up was answered: the conversation is still usable.
            #expect(answer.texts.joined().contains("Done"))
        }
    }

    @Test("a tool past its deadline gives a timeout output, and the waiting message covers the slow tool")
    func slowToolAndDeadline() async throws {
        try await withPluginHost(timeoutMs: 400, waitingMessage: "Please hold.") { host, _ in
            host.standIn.respond { request in
                request.latestUserText == "transfer"
                    ? .functionCalls([("avr_transfer", #"{"transfer_extension":"600"}"#)]) : nil
            }
            let started = ContinuousClock.now
            // The tool takes 10 s; the turn goes on at the 400 ms deadline (the bound leaves room
            // for a loaded machine, not for waiting out the tool).
            let answer = try await host.turn(#"{"uuid":"slow-10000-x","message":"transfer"}"#)
            #expect(ContinuousClock.now - started < .seconds(8))
            #expect(answer.texts.first == "Please hold.")
            let output = try #require(
                host.standIn.responseBodies.last?["input"]?.arrayValue?.first?["output"]?.stringValue)
            #expect(output.contains("400 ms"))
        }
    }

    @Test("the rounds of tool calls in one turn are bounded")
    func boundedRounds() async throws {
        try await withPluginHost(maxToolRounds: 2) { host, _ in
            host.standIn.respond { _ in .functionCalls([("avr_hangup", "{}")]) }
            let answer = try await host.turn(#"{"uuid":"loop","message":"again and again"}"#)
            #expect(answer.status == 200)
            let requests = host.standIn.responseBodies
            #expect(requests.count == 3)
            #expect(requests.last?["tool_choice"] == "none")
            // The next turn still works: the unanswered calls are answered first.
            host.standIn.removeAllRules()
            let next = try await host.turn(#"{"uuid":"loop","message":"hello"}"#)
            #expect(next.texts.joined() == "You said: hello")
            let input = try #require(host.standIn.responseBodies.last?["input"]?.arrayValue)
            #expect(input.first?["type"] == "function_call_output")
            #expect(input.last == ["role": "user", "content": "hello"])
        }
    }

    @Test("a new turn while a tool runs leaves the conversation valid: the call is answered first")
    func bargeInDuringTool() async throws {
        try await withPluginHost(timeoutMs: 5000) { host, _ in
            host.standIn.respond { request in
                request.latestUserText == "transfer"
                    ? .functionCalls([("avr_transfer", #"{"transfer_extension":"600"}"#)]) : nil
            }
            let first = Task { try await host.turn(#"{"uuid":"slow-2000-barge","message":"transfer"}"#) }
            await host.standIn.waitForRequests(count: 1, path: "/v1/responses")
            // The first turn's tool is running once its response is stored in the conversation.
            try await within {
                while host.standIn.conversationIDs.first.flatMap(host.standIn.conversationItems)?.isEmpty ?? true {
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            let second = try await host.turn(#"{"uuid":"slow-2000-barge","message":"never mind"}"#)
            #expect(second.texts.joined() == "You said: never mind", "\(host.logs.all.map(\.message))")
            _ = try await first.value
            let last = try #require(host.standIn.responseBodies.last?["input"]?.arrayValue)
            #expect(last.first?["type"] == "function_call_output")
            #expect(last.last == ["role": "user", "content": "never mind"])
        }
    }

    @Test("a C function declared in plugins.json is offered with its schema, and a call runs it through libffi")
    func ffiFunction() async throws {
        let power = """
            ,
            "power": {"enabled": true, "description": "Raise x to the power y.",
              "ffi": {"library": "libm.so.6", "symbol": "pow", "returns": "double",
                      "parameters": [{"name": "x", "type": "double", "description": "base"},
                                     {"name": "y", "type": "double", "description": "exponent"}]}}
            """
        try await withPluginHost(extraEntries: power) { host, _ in
            host.standIn.respond { request in
                request.latestUserText == "two to the tenth" ? .functionCalls([("power", #"{"x":2,"y":10}"#)]) : nil
            }
            _ = try await host.turn(#"{"uuid":"ffi-call","message":"two to the tenth"}"#)
            let requests = host.standIn.responseBodies
            let tool = try #require(
                requests.first?["tools"]?.arrayValue?.first { $0["name"] == "power" }, "\(host.logs.all.map(\.message))"
            )
            #expect(tool["description"] == "Raise x to the power y.")
            #expect(
                tool["parameters"] == [
                    "type": "object",
                    "properties": [
                        "x": ["type": "number", "description": "base"],
                        "y": ["type": "number", "description": "exponent"],
                    ],
                    "required": ["x", "y"], "additionalProperties": false,
                ])
            let output = try #require(requests.last?["input"]?.arrayValue?.first?["output"]?.stringValue)
            #expect(try FunctionABI.JSONValue.parse(output) == ["result": 1024])
        }
    }
}
