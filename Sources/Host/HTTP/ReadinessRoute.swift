import Hummingbird

/// `GET /readyz`: 200 while the host takes turns, 503 while it starts or drains before a stop.
struct ReadinessRoute: Sendable {
    let readiness: Readiness

    func register(on router: Router<some RequestContext>) {
        router.get("readyz") { _, _ in
            let state = readiness.current
            return Response(
                status: state == .ready ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"\#(state.rawValue)"}"#)))
        }
    }
}
