import FunctionABI
import Hummingbird

/// Runs first on every request: records it, checks the API key, stamps `x-request-id`, and turns
/// any error into the API's JSON error body.
struct IntakeMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let standIn: OpenAIStandIn

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 << 20)
        standIn.record(request, body: String(buffer: buffer))
        var response: Response
        if let failure = authorizationFailure(request) {
            response = failure.response()
        } else {
            do {
                response = try await next(request, context)
            } catch let error as StandInAPIError {
                response = error.response()
            } catch let error as HTTPError where error.status == .notFound {
                // The real API's answer for a path it does not serve (e.g. the retired /v1/assistants).
                let path = request.uri.path
                response = StandInAPIError.notFound("Invalid URL (\(request.method.rawValue) \(path))")
                    .response()
            } catch let error as HTTPError {
                response = StandInAPIError(
                    status: error.status, message: error.body ?? "\(error.status)",
                    type: "invalid_request_error"
                ).response()
            }
        }
        response.headers[.init("x-request-id")!] = IDs.make("req", bytes: 16)
        return response
    }

    private func authorizationFailure(_ request: Request) -> StandInAPIError? {
        guard let key = standIn.configuration.requiredAPIKey else { return nil }
        let header = request.headers[.authorization] ?? ""
        if header == "Bearer \(key)" { return nil }
        let message =
            header.isEmpty
            ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            : "Incorrect API key provided."
        return StandInAPIError(
            status: .unauthorized, message: message, type: "invalid_request_error",
            code: "invalid_api_key")
    }
}

extension OpenAIStandIn {
    func record(_ request: Request, body: String) {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        let json = body.isEmpty ? nil : try? JSONValue.parse(Array(body.utf8))
        let entry = RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, headers: headers, body: json,
            rawBody: body)
        mutate { $0.recorded.append(entry) }
    }
}
