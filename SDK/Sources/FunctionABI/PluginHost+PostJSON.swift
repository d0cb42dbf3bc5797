import Foundation

extension PluginHost {
    /// POSTs `payload` as JSON to a service that answers `{"message": ...}` (such as avr-ami)
    /// and turns the answer into the caller's result: its message is what the caller hears,
    /// a 2xx status is success. `unreachable` is said when no answer came at all.
    public func postJSON(url: String, payload: JSONValue, timeoutMs: UInt32, unreachable: String) -> FunctionResult {
        let response = http(
            method: "POST", url: url, headers: ["Content-Type": "application/json"],
            body: Data(payload.jsonText.utf8), timeoutMs: timeoutMs)
        guard response.statusCode != 0 else {
            return .failure(unreachable, data: .object(["error": .string(response.error ?? "no response")]))
        }
        let body = JSONValue(parsing: String(decoding: response.body, as: UTF8.self))
        let message = body?["message"]?.stringValue ?? "HTTP \(response.statusCode)"
        let data = JSONValue.object(["http_status": .integer(Int64(response.statusCode)), "response": body ?? .null])
        return (200..<300).contains(response.statusCode) ? .success(message, data: data) : .failure(message, data: data)
    }
}
