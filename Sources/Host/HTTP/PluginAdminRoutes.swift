import FunctionABI
import Hummingbird
import NIOCore

/// `GET /plugins` and `POST /plugins/reload`: what serves, and a reload on demand.
/// With `ADMIN_TOKEN` set they need `Authorization: Bearer <token>`; without it they answer
/// loopback clients only.
struct PluginAdminRoutes: Sendable {
    let plugins: PluginRegistry
    let adminToken: String?

    func register(on router: Router<HostRequestContext>) {
        router.get("plugins") { request, context in
            try authorize(request, context)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: plugins.listing().jsonData())))
        }
        router.post("plugins/reload") { request, context in
            try authorize(request, context)
            let report = await plugins.reloadOffTheEventLoop()
            return Response(
                status: report.configAccepted ? .ok : .unprocessableContent,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: report.json.jsonText)))
        }
    }

    private func authorize(_ request: Request, _ context: HostRequestContext) throws {
        try AdminAccess(adminToken: adminToken).authorize(request, context)
    }
}

extension PluginReloadReport {
    var json: JSONValue {
        [
            "config_accepted": .bool(configAccepted),
            "config_error": configError.map(JSONValue.string) ?? .null,
            "generation": .integer(Int64(generation)),
            "active_functions": .array(activeFunctions.map(JSONValue.string)),
            "problems": .array(problems.map(JSONValue.string)),
        ]
    }
}
