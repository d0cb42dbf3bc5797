import CAVRFunctionABI
import Foundation
import FunctionABI
import Synchronization

/// avr-host's services for a plugin's unit tests: records what the function logs and which HTTP
/// requests it makes, answers those requests from canned responses, and shares host settings
/// (such as `AMI_URL`), so a Swift `AVRFunction` is tested without the host, a model or a network.
///
///     let host = TestPluginHost(settings: ["AMI_URL": "http://ami.test"])
///     host.respond(to: "http://ami.test/hangup", status: 200, body: #"{"message":"Bye"}"#)
///     let result = try host.call(Hangup.self, arguments: #"{}"#, uuid: "call-1")
///     #expect(result.succeeded)
///     #expect(host.requests.map(\.url) == ["http://ami.test/hangup"])
public final class TestPluginHost: @unchecked Sendable {
    // @unchecked: `services` is written once, in init, and only read after; `state` is a Mutex.
    let services: UnsafeMutablePointer<avr_host_services>
    let state = Mutex(State())
    /// The host settings a function may read through `PluginHost.setting` (the real host shares `AMI_URL`).
    public let settings: [String: String]

    /// What the function did so far, and the answers prepared for it.
    struct State {
        var logs: [LogEntry] = []
        var requests: [HTTPRequest] = []
        var responses: [CannedResponse] = []
    }

    public init(settings: [String: String] = [:]) {
        self.settings = settings
        services = .allocate(capacity: 1)
        services.initialize(to: Self.servicesTable())
        services.pointee.host_context = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        services.deinitialize(count: 1)
        services.deallocate()
    }

    /// The services as the function gets them; valid while this object lives (as the real
    /// host's are until `shutdown`).
    public var host: PluginHost { PluginHost(services: services) }

    /// Every line logged, in order.
    public var logs: [LogEntry] { state.withLock { $0.logs } }

    /// Every HTTP request made, in order, answered or not.
    public var requests: [HTTPRequest] { state.withLock { $0.requests } }

    /// Answers requests to `url` (with `method`, when given) with `status` and `body`; the
    /// latest matching answer wins. A request nothing matches gets no response (`statusCode`
    /// 0, `error` "no canned response for ..."), as an unreachable server would.
    public func respond(to url: String, method: String? = nil, status: Int = 200, body: String = "") {
        state.withLock {
            $0.responses.append(CannedResponse(method: method, url: url, status: status, body: Data(body.utf8)))
        }
    }

    /// Builds the function as the host does, with `settings` as plugins.json would give them
    /// (a JSON object); throws what `init` throws, the error that refuses the plugin.
    public func make<Function: AVRFunction>(_ type: Function.Type, settings: String = "{}") throws -> Function {
        let json = try JSONValue.parse(settings)
        guard case .object = json else { throw PluginSettingError("settings must be a JSON object, got \(settings)") }
        return try Function(settings: PluginSettings(json: json, host: host), host: host)
    }

    /// One call as the model makes it: `arguments` is the model's JSON text, decoded as the
    /// host's call decodes it (arguments that do not fit give the failure the model would get).
    public func call<Function: AVRFunction>(
        _ type: Function.Type, arguments: String, settings: String = "{}", uuid: String = "test-call",
        callID: String = "call-1"
    ) throws -> FunctionResult {
        try make(type, settings: settings).call(
            argumentsJSON: arguments, context: CallContext(uuid: uuid, callID: callID))
    }
}
