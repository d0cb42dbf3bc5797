import Foundation
import FunctionABI

/// Ends the current call through avr-ami (`POST {AMI_URL}/hangup`).
struct HangupFunction: AVRFunction {
    typealias Arguments = JSONValue

    static let name = "avr_hangup"
    static let description =
        "Ends the call. Use it when the conversation is over and the caller has said goodbye."
    static let parametersSchema = #"{"type":"object","properties":{},"required":[]}"#
    static let version = "1.0.0"

    let amiURL: String
    let timeoutMs: UInt32
    let host: PluginHost

    init(settings: PluginSettings, host: PluginHost) throws {
        amiURL = settings.string("ami_url", orHost: "AMI_URL") ?? "http://127.0.0.1:6006"
        timeoutMs = try settings.milliseconds("http_timeout_ms", default: 4000)
        self.host = host
    }

    func call(_ arguments: JSONValue, context: CallContext) -> FunctionResult {
        host.log(.info, "hangup", uuid: context.uuid)
        return host.postJSON(
            url: amiURL + "/hangup", payload: .object(["uuid": .string(context.uuid)]), timeoutMs: timeoutMs,
            unreachable: "Sorry, I could not reach the phone system.")
    }
}

@_cdecl("avr_plugin_entry")
public func avrPluginEntry() -> UnsafeRawPointer {
    AVRPluginExport.make(HangupFunction.self)
}
