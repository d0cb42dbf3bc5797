/// The most recent requests, for tests to assert what a client sent. A ring of fixed capacity, so
/// a stand-in serving an offline host for days stays the same size.
struct RequestLog: Sendable {
    /// Paths counted over the whole life of the stand-in, for `waitForRequests`; other paths
    /// (they carry ids, so there is no bound on how many exist) are counted within the ring.
    static let countedPaths: Set<String> = ["/v1/responses", "/v1/conversations", "/v1/models"]

    let capacity: Int
    private var ring: [RecordedRequest] = []
    /// Where the next request goes once the ring is full: the oldest entry.
    private var oldest = 0
    private var arrivals: [String: Int] = [:]

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    mutating func append(_ request: RecordedRequest) {
        if Self.countedPaths.contains(request.path) { arrivals[request.path, default: 0] += 1 }
        guard capacity > 0 else { return }
        if ring.count < capacity {
            ring.append(request)
        } else {
            ring[oldest] = request
            oldest = (oldest + 1) % capacity
        }
    }

    /// Oldest first.
    var entries: [RecordedRequest] { Array(ring[oldest...] + ring[..<oldest]) }

    /// Requests to `path` so far: all of them for the counted paths, else those still in the ring.
    func arrivals(at path: String) -> Int {
        Self.countedPaths.contains(path) ? arrivals[path, default: 0] : ring.lazy.filter { $0.path == path }.count
    }
}
