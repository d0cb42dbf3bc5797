import Hummingbird

/// `DELETE /sessions/{uuid}` ends a call's conversation; `GET /healthz` says the host is up.
struct SessionRoutes: Sendable {
    let sessions: SessionStore

    func register(on router: Router<some RequestContext>) {
        router.get("healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.delete("sessions/:uuid") { _, context in
            let uuid = try context.parameters.requireDecoded("uuid")
            guard await self.sessions.end(uuid) else {
                throw APIError(.notFound, "no session for uuid \(uuid)")
            }
            return Response(status: .noContent)
        }
    }
}
