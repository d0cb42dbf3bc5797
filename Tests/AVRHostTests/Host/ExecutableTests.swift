import AVRHost
import Foundation
import Testing

/// The `avr-host` executable itself: its offline default, signals, and command line.
@Suite("The avr-host executable")
struct ExecutableTests {
    private let client = HTTPClient()

    private func turn(_ port: Int, _ body: String) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/prompt-stream",
            headers: [("Content-Type", "application/json")],
            body: Array(body.utf8), timeouts: HTTPTimeouts(total: .seconds(30)))
    }

    @Test("without OPENAI_API_KEY it answers from the built-in stand-in, and says so")
    func offlineDefault() async throws {
        let host = try HostProcess()
        let port = try await host.port()
        #expect(host.log.contains("OPENAI_API_KEY is not set"))
        let (head, body) = try await client.send(turn(port, #"{"uuid":"offline","message":"hi there"}"#))
        #expect(head.status == 200)
        #expect(try AVRTexts.parse(String(decoding: body, as: UTF8.self)).joined() == "You said: hi there")
        host.process.terminate()
        #expect(await host.exitStatus() == 0)
    }

    @Test("on SIGTERM it lets the turn in flight finish, then exits cleanly")
    func gracefulShutdown() async throws {
        let host = try HostProcess(environment: ["STAND_IN_TOKEN_DELAY": "0"])
        let port = try await host.port()
        let words = (1...12).map { "word\($0)" }.joined(separator: " ")
        let body = "{\"uuid\":\"late\",\"message\":\"#slow 60 \(words)\"}"
        var parts = client.stream(turn(port, body)).makeAsyncIterator()
        var received = ""
        while true {
            guard let part = try await parts.next() else { break }
            guard case .body(let bytes) = part else { continue }
            if received.isEmpty { host.process.terminate() }  // SIGTERM after the first words
            received += String(decoding: bytes, as: UTF8.self)
        }
        #expect(try AVRTexts.parse(received).joined() == words)
        #expect(await host.exitStatus() == 0)
    }

    @Test("SIGHUP reloads the plugins")
    func hangUpReloads() async throws {
        let host = try HostProcess()
        _ = try await host.port()
        // The signal is trapped once the reload service says so.
        #expect(await host.waitFor("SIGHUP reloads the plugins"))
        kill(host.process.processIdentifier, SIGHUP)
        #expect(await host.waitFor("SIGHUP: reloading plugins"))
        host.process.terminate()
        _ = await host.exitStatus()
    }

    @Test("--help lists every setting with its environment variable")
    func help() async throws {
        let host = try HostProcess(arguments: ["--help"])
        #expect(await host.exitStatus() == 0)
        for name in [
            "PORT", "HOST", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_INSTRUCTIONS",
            "OPENAI_INSTRUCTIONS_FILE", "OPENAI_WAITING_MESSAGE", "OPENAI_WAITING_TIMEOUT", "OPENAI_STATE", "AMI_URL",
            "PLUGINS_CONFIG", "ADMIN_TOKEN", "SESSION_IDLE_TIMEOUT", "MAX_BODY_BYTES", "TURN_TIMEOUT",
            "HTTP_HEADER_TIMEOUT", "HTTP_BODY_TIMEOUT", "HTTP_IDLE_TIMEOUT", "HTTP_WRITE_TIMEOUT",
            "HTTP_WRITE_BUFFER_BYTES",
            "SHUTDOWN_DRAIN_DELAY", "METRICS_PUBLIC", "LOG_FORMAT",
        ] {
            #expect(host.log.contains("[\(name)]"), "\(name) missing from --help")
        }
    }

    @Test("a bad setting stops the start with a message naming it")
    func badSetting() async throws {
        let host = try HostProcess(environment: ["OPENAI_WAITING_TIMEOUT": "soon"])
        #expect(await host.exitStatus() != 0)
        #expect(host.log.contains("OPENAI_WAITING_TIMEOUT must be a whole number"))
    }
}
