import AVRHost
import FunctionABI
import OpenAIStandIn
import Testing

/// What goes upstream for the requests AVR Core really sends: `{uuid, message, messages}` on
/// every turn, with `X-UUID`. (The Node suite in Tests/conformance drives the same through
/// Node's own http client.)
@Suite("AVR Core's requests")
struct AVRCoreRequestTests {
    static let system =
        #"{"role":"system","content":"You are Acme. You must introduce yourself quickly and concisely."}"#

    /// Core's body for a turn: the new transcript, and its history ending with that transcript.
    static func coreBody(uuid: String?, _ transcript: String, history: [(String, String)]) -> String {
        let entries =
            [system]
            + (history + [("user", transcript)]).map { role, content in
                JSONValue.object(["role": .string(role), "content": .string(content)]).jsonText
            }
        let uuidField = uuid.map { #""uuid":"\#($0)","# } ?? ""
        return
            #"{\#(uuidField)"message":\#(JSONValue.string(transcript).jsonText),"messages":[\#(entries.joined(separator: ","))]}"#
    }

    @Test("a known call sends only the new turn upstream, once, whatever core's history holds")
    func knownCallSendsOnlyTheTurn() async throws {
        try await withTestHost { host in
            let first = try await host.turn(Self.coreBody(uuid: "k1", "Hi.", history: []))
            #expect(first.texts.joined() == "You said: Hi.")
            let second = try await host.turn(
                Self.coreBody(uuid: "k1", "Taxi please.", history: [("user", "Hi."), ("assistant", "You said: Hi.")]))
            #expect(second.texts.joined() == "You said: Taxi please.")
            let requests = host.standIn.responseBodies
            try #require(requests.count == 2)
            #expect(requests[0]["input"] == [["role": "user", "content": "Hi."]])
            #expect(requests[1]["input"] == [["role": "user", "content": "Taxi please."]])
            #expect(
                requests[1]["instructions"]?.stringValue?.hasSuffix("introduce yourself quickly and concisely.") == true
            )
        }
    }

    @Test("a call the host does not know starts a conversation seeded with core's history")
    func unknownCallIsSeeded() async throws {
        try await withTestHost { host in
            let history = [("user", "Hi, I'm Ann."), ("assistant", "Hello Ann."), ("assistant", "How can I help?")]
            let answer = try await host.turn(Self.coreBody(uuid: "after-restart", "#recall", history: history))
            #expect(answer.texts.joined() == "Earlier: user: Hi, I'm Ann. | assistant: Hello Ann. How can I help?")
            let request = try #require(host.standIn.responseBodies.first)
            #expect(request["conversation"]?.stringValue != nil)
            #expect(
                request["input"] == [
                    ["role": "user", "content": "Hi, I'm Ann."],
                    ["role": "assistant", "content": "Hello Ann. How can I help?"],
                    ["role": "user", "content": "#recall"],
                ])
            // The seed is stored with the conversation: the next turn sends only itself.
            _ = try await host.turn(
                Self.coreBody(uuid: "after-restart", "Bye.", history: history + [("user", "#recall")]))
            #expect(host.standIn.responseBodies.last?["input"] == [["role": "user", "content": "Bye."]])
        }
    }

    @Test("a seeded turn that fails before the model stored anything: the next turn seeds again")
    func seedSurvivesAFailedFirstTurn() async throws {
        try await withTestHost(environment: ["OPENAI_MAX_RETRIES": "0"]) { host in
            let history = [("user", "Hi, I'm Ann."), ("assistant", "Hello Ann.")]
            let failed = try await host.turn(Self.coreBody(uuid: "seed-again", "#http 500", history: history))
            #expect(failed.texts == ["Sorry, I'm having trouble answering right now. Please try again in a moment."])
            let answer = try await host.turn(
                Self.coreBody(uuid: "seed-again", "#recall", history: history + [("user", "#http 500")]))
            #expect(
                answer.texts.joined() == "Earlier: user: Hi, I'm Ann. | assistant: Hello Ann. | user: #http 500")
            // Once a response stored the history, later turns send only themselves.
            _ = try await host.turn(Self.coreBody(uuid: "seed-again", "Bye.", history: history))
            #expect(host.standIn.responseBodies.last?["input"] == [["role": "user", "content": "Bye."]])
        }
    }

    @Test("local state: the seed becomes the host's history, and core's history is not added again")
    func localModeSeedsOnce() async throws {
        try await withTestHost(environment: ["OPENAI_STATE": "local"]) { host in
            let history = [("user", "One."), ("assistant", "Said one.")]
            _ = try await host.turn(Self.coreBody(uuid: "l1", "Two.", history: history))
            _ = try await host.turn(
                Self.coreBody(
                    uuid: "l1", "Three.", history: history + [("user", "Two."), ("assistant", "You said: Two.")]))
            let requests = host.standIn.responseBodies
            try #require(requests.count == 2)
            #expect(
                requests[1]["input"] == [
                    ["role": "user", "content": "One."], ["role": "assistant", "content": "Said one."],
                    ["role": "user", "content": "Two."], ["role": "assistant", "content": "You said: Two."],
                    ["role": "user", "content": "Three."],
                ])
        }
    }

    @Test("the seed is bounded by HISTORY_SEED_MAX_ITEMS and HISTORY_SEED_MAX_BYTES")
    func seedIsBounded() async throws {
        try await withTestHost(environment: ["HISTORY_SEED_MAX_ITEMS": "2"]) { host in
            let history = (1...5).flatMap { [("user", "q\($0)"), ("assistant", "a\($0)")] }
            _ = try await host.turn(Self.coreBody(uuid: "b1", "now", history: history))
            let input = try #require(host.standIn.responseBodies.first?["input"]?.arrayValue)
            #expect(input.compactMap { $0["content"]?.stringValue } == ["q5", "a5", "now"])
        }
    }

    @Test("X-UUID names the call when the body has none; a differing header is overridden and logged once")
    func xUUIDHeader() async throws {
        try await withTestHost { host in
            _ = try await host.turn(Self.coreBody(uuid: nil, "One.", history: []), headers: [("X-UUID", "hdr-1")])
            _ = try await host.turn(
                Self.coreBody(uuid: nil, "Two.", history: [("user", "One.")]), headers: [("X-UUID", "hdr-1")])
            let requests = host.standIn.responseBodies
            try #require(requests.count == 2)
            let conversation = try #require(requests[0]["conversation"]?.stringValue)
            #expect(requests[1]["conversation"]?.stringValue == conversation)

            for transcript in ["Three.", "Four."] {
                let answer = try await host.turn(
                    Self.coreBody(uuid: "hdr-1", transcript, history: []), headers: [("X-UUID", "other")])
                #expect(answer.texts.joined() == "You said: \(transcript)")
            }
            #expect(host.standIn.responseBodies.last?["conversation"]?.stringValue == conversation)
            let warnings = host.logs.all.filter { $0.level == .warning && $0.message.contains("X-UUID") }
            #expect(warnings.count == 1)
        }
    }
}
