import FunctionABI
import Hummingbird

extension OpenAIStandIn {
    /// All routes under `/v1`; each concern's handlers live in their own file.
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: IntakeMiddleware(standIn: self))
        let v1 = router.group("v1")
        v1.post("conversations") { request, _ in try await self.createConversation(request) }
        v1.get("conversations/:id") { _, context in
            try self.conversation(context.parameters.require("id"))
        }
        v1.delete("conversations/:id") { _, context in
            try self.deleteConversation(context.parameters.require("id"))
        }
        v1.get("conversations/:id/items") { _, context in
            try self.listItems(context.parameters.require("id"))
        }
        v1.get("models") { _, _ in self.listModels() }
        v1.get("models/:id") { _, context in try self.model(context.parameters.require("id")) }
        v1.post("responses") { request, _ in try await self.createResponse(request) }
        return router
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.jsonText)))
    }

    /// The collected body parsed as JSON; an empty body counts as `{}`.
    static func jsonBody(_ request: Request) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: 64 << 20)
        if buffer.readableBytes == 0 { return [:] }
        do {
            return try JSONValue.parse(buffer.readableBytesView)
        } catch {
            throw StandInAPIError.badRequest(
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
            )
        }
    }
}
