import AVRHost
import Foundation
import FunctionABI
import Logging
import OpenAIStandIn
import Synchronization
import Testing

/// `LOG_FORMAT=json`: one JSON object per line, carrying the call's uuid, and never a secret.
@Suite("JSON logs")
struct JSONLogTests {
    private static let apiKey = "sk-json-log-test-secret-0123456789"
    private static let adminToken = "admin-json-log-test-secret"

    @Test("the executable writes one JSON object per line with the uuid and OpenAI's request id, and no secret")
    func executable() async throws {
        let standIn = OpenAIStandIn(
            configuration: StandInConfiguration(
                requiredAPIKey: Self.apiKey, models: KnownModel.defaults + [KnownModel(id: "gpt-5.1")]))
        try await standIn.start()
        defer { Task { await standIn.stop() } }
        let host = try HostProcess(environment: [
            "LOG_FORMAT": "json", "LOG_LEVEL": "trace", "OPENAI_API_KEY": Self.apiKey,
            "OPENAI_BASE_URL": standIn.baseURL, "ADMIN_TOKEN": Self.adminToken, "OPENAI_MAX_RETRIES": "0",
        ])
        #expect(await host.waitFor(#""message":"listening on 127.0.0.1:"#))
        let line = try #require(host.log.split(separator: "\n").first { $0.contains("listening on 127.0.0.1:") })
        let message = try #require(try JSONValue.parse(Array(line.utf8))["message"]?.stringValue)
        let port = try #require(Int(message.split(separator: ":").last!))
        let client = HTTPClient()
        defer { client.shutdown() }
        let (head, _) = try await client.send(
            .promptStream(port: port, body: ##"{"uuid":"json-call","message":"#http 503 overloaded"}"##))
        #expect(head.status == 200)
        // A wrong token is refused; the attempt must not echo the real one either.
        let (admin, _) = try await client.send(
            HTTPRequest(
                method: "GET", url: "http://127.0.0.1:\(port)/plugins", headers: [("Authorization", "Bearer wrong")],
                body: nil, timeouts: HTTPTimeouts(total: .seconds(5))))
        #expect(admin.status == 401)
        kill(host.process.processIdentifier, SIGINT)
        #expect(await host.exitStatus() == 0)

        let lines = host.log.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3)
        var records: [JSONValue] = []
        for line in lines {
            let record = try JSONValue.parse(Array(line.utf8))
            #expect(record["time"]?.stringValue != nil, "no time: \(line)")
            #expect(record["level"]?.stringValue != nil, "no level: \(line)")
            #expect(record["message"]?.stringValue != nil, "no message: \(line)")
            records.append(record)
        }
        let failure = try #require(records.first { $0["message"]?.stringValue?.hasPrefix("turn failed") == true })
        #expect(failure["level"] == "error")
        #expect(failure["uuid"] == "json-call")
        #expect(failure["openai_request_id"]?.stringValue?.hasPrefix("req_") == true)
        #expect(!host.log.contains(Self.apiKey))
        #expect(!host.log.contains(Self.adminToken))
    }

    @Test("metadata goes to the top level, clashing keys are renamed, and secrets are replaced wherever they appear")
    func handler() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "unit") { label in
            JSONLogHandler(label: label, redacting: [Self.apiKey, "tiny"]) { line in lines.withLock { $0.append(line) }
            }
        }
        logger.logLevel = .debug
        logger[metadataKey: "uuid"] = "call-7"
        logger.warning(
            "key is \(Self.apiKey)", metadata: ["message": "clash", "plugin": "collect_info", "n": "\(3)"])
        let written = lines.withLock { $0 }
        try #require(written.count == 1)
        #expect(written[0].hasSuffix("}\n"))
        #expect(written[0].filter { $0 == "\n" }.count == 1)
        let record = try JSONValue.parse(Array(written[0].utf8))
        #expect(record["message"] == "key is [redacted]")
        #expect(record["level"] == "warning")
        #expect(record["label"] == "unit")
        #expect(record["uuid"] == "call-7")
        #expect(record["plugin"] == "collect_info")
        #expect(record["meta_message"] == "clash")
        #expect(record["n"] == "3")
        #expect(!written[0].contains(Self.apiKey))
    }
}
