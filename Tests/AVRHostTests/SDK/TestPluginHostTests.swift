import FunctionABI
import FunctionABITesting
import Testing

/// The SDK's test double: a function runs on it as on the host (settings, logs, HTTP).
@Suite struct TestPluginHostTests {
    /// Posts the caller's choice to a service named by the host setting AMI_URL.
    struct Choose: AVRFunction {
        struct Arguments: Decodable { var option: Int }
        static let name = "choose"
        static let description = "Chooses an option."
        static let parametersSchema = #"{"type":"object"}"#
        let host: PluginHost
        let url: String
        let timeoutMs: UInt32

        init(settings: PluginSettings, host: PluginHost) throws {
            self.host = host
            url = (settings.string("url", orHost: "AMI_URL") ?? "") + "/choose"
            timeoutMs = try settings.milliseconds("http_timeout_ms", default: 4000)
        }

        func call(_ arguments: Arguments, context: CallContext) -> FunctionResult {
            host.log(.warning, "option \(arguments.option)", uuid: context.uuid)
            return host.postJSON(
                url: url, payload: ["option": .integer(Int64(arguments.option))], timeoutMs: timeoutMs,
                unreachable: "No answer.")
        }
    }

    @Test func aCannedAnswerServesTheRequestWhichIsRecorded() throws {
        let host = TestPluginHost(settings: ["AMI_URL": "http://ami.test"])
        host.respond(to: "http://ami.test/choose", method: "GET", status: 500, body: "{}")
        host.respond(to: "http://ami.test/choose", method: "POST", status: 200, body: #"{"message":"Done"}"#)
        let result = try host.call(Choose.self, arguments: #"{"option":2}"#, uuid: "call-1")
        #expect(result.succeeded)
        #expect(result.message == "Done")
        #expect(result.data?["http_status"] == 200)
        let request = try #require(host.requests.first)
        #expect(request.method == "POST")
        #expect(request.bodyText == #"{"option":2}"#)
        #expect(request.headers == ["Content-Type": "application/json"])
        #expect(request.timeoutMs == 4000)
        #expect(host.logs == [TestPluginHost.LogEntry(level: .warning, message: "option 2", uuid: "call-1")])
    }

    @Test func aRequestNothingAnswersGetsNoResponse() throws {
        let host = TestPluginHost()
        let result = try host.call(Choose.self, arguments: #"{"option":1}"#, settings: #"{"url":"http://x"}"#)
        #expect(result == .failure("No answer.", data: ["error": "no canned response for POST http://x/choose"]))
    }

    @Test func settingsAndArgumentsAreCheckedAsTheHostChecksThem() throws {
        let host = TestPluginHost()
        #expect(throws: PluginSettingError.self) { try host.make(Choose.self, settings: #"{"http_timeout_ms":-1}"#) }
        #expect(throws: PluginSettingError.self) { try host.make(Choose.self, settings: "[]") }
        let result = try host.call(Choose.self, arguments: #"{"option":"two"}"#)
        #expect(result.data?["error"] == "invalid arguments: option: expected a whole number")
    }
}
