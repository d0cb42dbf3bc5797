import FunctionABI
import Hummingbird

/// An error answer in the shape the AVR connectors use: `{"message": "..."}`.
public struct APIError: HTTPResponseError {
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body = #"{"message":"#
        message.writeJSONString(to: &body)
        body += "}"
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
