import Foundation
import FunctionABI

/// Transfers the current call to another extension through avr-ami (`POST {AMI_URL}/transfer`).
struct TransferFunction: AVRFunction {
    struct Arguments: Decodable {
        var transfer_extension: JSONValue?
        var transfer_context: JSONValue?
        var transfer_priority: JSONValue?
    }

    static let name = "avr_transfer"
    static let description =
        "Transfers the call to a human operator or another extension. Use it when the caller asks to speak to someone."
    static let parametersSchema = """
        {"type":"object","properties":{\
        "transfer_extension":{"type":"string","description":"The extension to transfer the call to (optional: without it, the operator's default extension)."},\
        "transfer_context":{"type":"string","description":"The dialplan context of the extension (optional)."},\
        "transfer_priority":{"type":"string","description":"The dialplan priority (optional)."}}}
        """
    static let version = "1.0.0"

    let amiURL: String
    let defaultExtension: JSONValue
    let defaultContext: JSONValue
    let defaultPriority: JSONValue
    let timeoutMs: UInt32
    let host: PluginHost

    init(settings: PluginSettings, host: PluginHost) throws {
        amiURL = settings.string("ami_url", orHost: "AMI_URL") ?? "http://127.0.0.1:6006"
        defaultExtension = settings.json["default_extension"] ?? 600
        defaultContext = settings.json["default_context"] ?? .string("demo")
        defaultPriority = settings.json["default_priority"] ?? 1
        timeoutMs = try settings.milliseconds("http_timeout_ms", default: 4000)
        self.host = host
    }

    func call(_ arguments: Arguments, context: CallContext) -> FunctionResult {
        let payload = JSONValue.object([
            "uuid": .string(context.uuid),
            "exten": arguments.transfer_extension ?? defaultExtension,
            "context": arguments.transfer_context ?? defaultContext,
            "priority": arguments.transfer_priority ?? defaultPriority,
        ])
        host.log(.info, "transfer to \(payload["exten"]?.stringValue ?? "?")", uuid: context.uuid)
        return host.postJSON(
            url: amiURL + "/transfer", payload: payload, timeoutMs: timeoutMs,
            unreachable: "Sorry, I could not reach the phone system.")
    }
}

@_cdecl("avr_plugin_entry")
public func avrPluginEntry() -> UnsafeRawPointer {
    AVRPluginExport.make(TransferFunction.self)
}
