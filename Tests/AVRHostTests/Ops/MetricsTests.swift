import AVRHost
import Foundation
import Testing

/// `GET /metrics` over a scripted set of turns, read back as Prometheus text.
@Suite("Metrics")
struct MetricsTests {
    /// A host with the real collect_info plugin, one retry, a short stream timeout and a waiting message.
    private func withMetricsHost(
        environment: [String: String] = [:], _ body: (TestHost, URL) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config =
            #"{"plugins": {"collect_info": {"enabled": true, "settings": {"data_dir": "\#(folder.path)/files"}}}}"#
        try config.write(to: folder.appendingPathComponent("plugins.json"), atomically: true, encoding: .utf8)
        try await withTestHost(tools: nil, environment: environment) { settings in
            settings.pluginsConfigPath = folder.appendingPathComponent("plugins.json").path
            settings.maxRetries = 1
            settings.idleTimeout = .milliseconds(1200)
            settings.assistant.waitingMessage = "One moment."
            settings.assistant.waitingTimeout = .milliseconds(400)
        } _: { host in
            try await body(host, folder.appendingPathComponent("plugins.json"))
        }
    }

    private func scrape(_ host: TestHost, headers: [(String, String)] = []) async throws -> (Int, String) {
        let (head, body) = try await host.client.send(
            HTTPRequest(
                method: "GET", url: host.url + "/metrics", headers: headers, body: nil,
                timeouts: HTTPTimeouts(total: .seconds(10))))
        return (head.status, String(decoding: body, as: UTF8.self))
    }

    private func metrics(_ host: TestHost) async throws -> PrometheusText {
        let (status, text) = try await scrape(host)
        #expect(status == 200)
        return try PrometheusText(text)
    }

    /// The metrics once every turn has unwound (a hung-up turn ends a moment after its caller).
    private func metricsOnceNoTurnIsActive(_ host: TestHost) async throws -> PrometheusText {
        try await within {
            while true {
                let text = try await metrics(host)
                if text.value("avr_active_turns") == 0 { return text }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    @Test("turns, upstream failures, retries, barge-ins, tool calls and the waiting message are counted")
    func scriptedTurns() async throws {
        try await withMetricsHost { host, _ in
            let answered = try await host.turn(##"{"uuid":"m-answered","message":"hello"}"##)
            #expect(answered.texts.joined().hasSuffix("You said: hello"))

            let failed = try await host.turn(##"{"uuid":"m-500","message":"#http 500 upstream broke"}"##)
            #expect(failed.texts.last?.hasPrefix("Sorry") == true)

            // The caller barges in once the first words of a slow answer have arrived.
            var slow = host.client.stream(
                host.promptRequest(##"{"uuid":"m-barge","message":"#slow 200 one two three four five"}"##)
            ).makeAsyncIterator()
            var slowBytes: [UInt8] = []
            while slowBytes.isEmpty {
                if case .body(let bytes) = try await slow.next() { slowBytes += bytes }
            }
            let bargeIn = try await within { try await host.turn(##"{"uuid":"m-barge","message":"wait"}"##) }
            #expect(bargeIn.texts.joined().hasSuffix("You said: wait"))
            while let part = try await slow.next() {
                if case .body(let bytes) = part { slowBytes += bytes }
            }
            let superseded = try AVRTexts.parse(String(decoding: slowBytes, as: UTF8.self))

            let tool = try await host.turn(##"{"uuid":"m-tool","message":"#call collect_info {\"name\":\"Ada\"}"}"##)
            #expect(tool.texts.joined().contains("Done:"))

            let stalled = try await host.turn(##"{"uuid":"m-stall","message":"#stall 5000"}"##)
            #expect(stalled.texts.last?.hasPrefix("Sorry") == true)

            let waited = try await host.turn(##"{"uuid":"m-wait","message":"#delay 800 there you are"}"##)
            #expect(waited.texts.joined() == "One moment.there you are")

            let text = try await metrics(host)
            #expect(text.value("avr_turns_total", ["outcome": "answered"]) == 4)
            #expect(text.value("avr_turns_total", ["outcome": "apologised"]) == 2)
            #expect(text.value("avr_turns_total", ["outcome": "superseded"]) == 1)
            #expect(text.value("avr_turns_total", ["outcome": "caller_hung_up"]) == 0)
            #expect(text.value("avr_barge_ins_total") == 1)
            #expect(text.value("avr_active_turns") == 0)
            #expect(text.value("avr_sessions") == 6)
            #expect(text.value("avr_upstream_errors_total", ["kind": "http_500"]) == 1)
            #expect(text.value("avr_upstream_errors_total", ["kind": "timeout"]) == 1)
            #expect(text.value("avr_upstream_retries_total", ["kind": "http_500"]) == 1)
            #expect(text.value("avr_tool_calls_total", ["tool": "collect_info", "outcome": "success"]) == 1)
            #expect(text.value("avr_tool_call_duration_seconds_count", ["tool": "collect_info"]) == 1)
            // The slow turn needs the waiting message; on a loaded machine other turns may too.
            let covered = [
                answered.texts, failed.texts, superseded, bargeIn.texts, tool.texts, stalled.texts, waited.texts,
            ]
            .filter { $0.first == "One moment." }
            #expect(text.value("avr_waiting_messages_total") == Double(covered.count))
            // Every turn said something: its words, the waiting message or the apology.
            #expect(text.value("avr_time_to_first_text_seconds_count") == 7)
            #expect(text.value("avr_upstream_request_duration_seconds_count", ["outcome": "ok"]) == 5)
            #expect(text.value("avr_upstream_request_duration_seconds_count", ["outcome": "error"]) == 2)
            #expect(text.value("avr_plugin_reloads_total", ["result": "accepted"]) >= 1)
            #expect(text.value("avr_ready") == 1)
            #expect(text.types["avr_time_to_first_text_seconds"] == "histogram")
            #expect(text.types["avr_turns_total"] == "counter")
            // No call's uuid ever becomes a label.
            #expect(!text.samples.contains { $0.labels.values.contains { $0.hasPrefix("m-") } })
        }
    }

    /// Thirty words 100 ms apart, the last `word30`: an answer still streaming when the test
    /// cuts it off, even on a loaded machine.
    private static let slowAnswer = "#slow 100 " + (1...30).map { "word\($0)" }.joined(separator: " ")

    @Test("a caller who hangs up mid-answer is counted as such")
    func hangUp() async throws {
        try await withMetricsHost { host, _ in
            let reader = Task {
                var parts = host.client.stream(
                    host.promptRequest(##"{"uuid":"m-gone","message":"\##(Self.slowAnswer)"}"##)
                ).makeAsyncIterator()
                // Hang up once the answer is streaming from upstream (on a loaded machine the
                // waiting message can come before the turn has asked it).
                try await within { await host.standIn.waitForRequests(count: 1, path: "/v1/responses") }
                while true {
                    if case .body = try await parts.next() { return }
                }
            }
            try await reader.value
            try await within { await host.standIn.waitForClientDisconnects(count: 1) }
            // The turn unwinds after the upstream request was cancelled; nothing more to await than its count.
            let text = try await metricsOnceNoTurnIsActive(host)
            #expect(text.value("avr_turns_total", ["outcome": "caller_hung_up"]) == 1)
            #expect(text.value("avr_turns_total", ["outcome": "answered"]) == 0)
        }
    }

    @Test("a turn cut off because its call was ended counts as hung up, not as a barge-in")
    func sessionEndedMidTurn() async throws {
        try await withMetricsHost { host, _ in
            let answer = Task {
                try await host.turn(##"{"uuid":"m-ended","message":"\##(Self.slowAnswer)"}"##)
            }
            try await within { await host.standIn.waitForRequests(count: 1, path: "/v1/responses") }
            let (head, _) = try await host.client.send(
                HTTPRequest(
                    method: "DELETE", url: host.url + "/sessions/m-ended", headers: [], body: nil,
                    timeouts: HTTPTimeouts(total: .seconds(10))))
            #expect(head.status == 204)
            let cut = try await within { try await answer.value }
            #expect(!cut.texts.joined().contains("word30"))
            let text = try await metricsOnceNoTurnIsActive(host)
            #expect(text.value("avr_turns_total", ["outcome": "caller_hung_up"]) == 1)
            #expect(text.value("avr_turns_total", ["outcome": "superseded"]) == 0)
            #expect(text.value("avr_barge_ins_total") == 0)
        }
    }

    @Test("a caller who hangs up while the turn is silent is noticed at once, not at the next word")
    func hangUpDuringSilence() async throws {
        // No waiting message and no stream timeout that would write, or end the turn, first.
        try await withTestHost(tools: nil) { settings in
            settings.idleTimeout = .seconds(120)
            settings.assistant.waitingMessage = nil
        } _: { host in
            let caller = try RawConnection(port: host.port)
            // The first word would come in a minute: no write can fail and reveal the hang-up.
            caller.send(
                method: "POST", path: "/prompt-stream", body: ##"{"uuid":"m-quiet","message":"#delay 60000 late"}"##)
            await host.standIn.waitForRequests(count: 1, path: "/v1/responses")
            caller.close()
            let text = try await metricsOnceNoTurnIsActive(host)
            #expect(text.value("avr_turns_total", ["outcome": "caller_hung_up"]) == 1)
        }
    }

    @Test("plugin reloads and refusals are counted")
    func pluginReloads() async throws {
        try await withMetricsHost { host, config in
            try #"{"plugins": {"missing_tool": {"enabled": true}}}"#.write(
                to: config, atomically: true, encoding: .utf8)
            let (head, _) = try await host.client.send(
                HTTPRequest(
                    method: "POST", url: host.url + "/plugins/reload", headers: [], body: nil,
                    timeouts: HTTPTimeouts(total: .seconds(10))))
            #expect(head.status == 200)
            let text = try await metrics(host)
            #expect(text.value("avr_plugin_reloads_total", ["result": "accepted"]) >= 2)
            #expect(text.value("avr_plugin_refusals_total") >= 1)
        }
    }

    @Test("/metrics follows the admin rule: the token when one is set, unless METRICS_PUBLIC=true")
    func access() async throws {
        try await withTestHost(environment: ["ADMIN_TOKEN": "metrics-secret-token"], configure: { _ in }) { host in
            #expect(try await scrape(host).0 == 401)
            let (status, text) = try await scrape(host, headers: [("Authorization", "Bearer metrics-secret-token")])
            #expect(status == 200)
            #expect(try PrometheusText(text).types["avr_turns_total"] == "counter")
        }
        let open = ["ADMIN_TOKEN": "metrics-secret-token", "METRICS_PUBLIC": "true"]
        try await withTestHost(environment: open, configure: { _ in }) { host in
            let (status, _) = try await scrape(host)
            #expect(status == 200)
        }
    }
}
