import FunctionABI
import Hummingbird

/// An error answered with the API's standard body `{"error":{"message","type","param","code"}}`.
struct StandInAPIError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    var type: String
    var param: String?
    var code: String?
    var extraHeaders: HTTPFields = [:]

    static func badRequest(_ message: String, param: String? = nil, code: String? = nil) -> Self {
        Self(
            status: .badRequest, message: message, type: "invalid_request_error", param: param, code: code
        )
    }

    static func notFound(_ message: String, param: String? = nil, code: String? = nil) -> Self {
        Self(
            status: .notFound, message: message, type: "invalid_request_error", param: param, code: code)
    }

    /// The type/code pair the real API uses for a status the tests ask for.
    static func forStatus(_ status: Int, message: String) -> Self {
        let (type, code): (String, String?) =
            switch status {
            case 401: ("invalid_request_error", "invalid_api_key")
            case 403: ("invalid_request_error", "unsupported_country_region_territory")
            case 404: ("invalid_request_error", "not_found")
            case 429: ("requests", "rate_limit_exceeded")
            case 500...: ("server_error", "server_error")
            default: ("invalid_request_error", nil)
            }
        return Self(status: .init(code: status), message: message, type: type, param: nil, code: code)
    }

    var body: JSONValue {
        [
            "error": [
                "message": .string(message), "type": .string(type), "param": param.map(JSONValue.string) ?? .null,
                "code": code.map(JSONValue.string) ?? .null,
            ]
        ]
    }

    func response() -> Response {
        var headers = extraHeaders
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.jsonText)))
    }
}
