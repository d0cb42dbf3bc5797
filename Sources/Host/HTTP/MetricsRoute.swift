import Hummingbird

/// `GET /metrics`: the host's metrics in Prometheus text format. Guarded like the admin
/// endpoints unless `METRICS_PUBLIC=true` (for a scraper on the compose network without a token).
struct MetricsRoute: Sendable {
    let metrics: HostMetrics
    let sessions: SessionStore
    let access: AdminAccess
    let isPublic: Bool

    func register(on router: Router<HostRequestContext>) {
        router.get("metrics") { request, context in
            if !isPublic { try access.authorize(request, context) }
            // The session count is read when scraped rather than tracked on every change.
            metrics.setSessions(sessions.count)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
    }
}
