import FunctionABI

/// A model the stand-in answers `GET /v1/models/{id}` for, optionally with a retirement date.
public struct KnownModel: Sendable, Hashable {
    public var id: String
    public var created: Int
    public var ownedBy: String
    /// `YYYY-MM-DD`, as the real API reports an announced shutdown; nil when none is announced.
    public var shutdownDate: String?

    public init(
        id: String, created: Int = 1_744_316_542, ownedBy: String = "system",
        shutdownDate: String? = nil
    ) {
        self.id = id
        self.created = created
        self.ownedBy = ownedBy
        self.shutdownDate = shutdownDate
    }

    /// The models known by default, with the retirement dates announced in November 2026.
    public static let defaults: [KnownModel] = [
        KnownModel(id: "gpt-4.1-mini", shutdownDate: "2027-01-14"),
        KnownModel(id: "gpt-4o-mini", shutdownDate: "2027-01-14"),
        KnownModel(id: "gpt-5-mini", shutdownDate: "2026-12-11"),
        KnownModel(id: "gpt-5.1-mini"),
    ]

    var json: JSONValue {
        [
            "id": .string(id), "object": "model", "created": .integer(Int64(created)), "owned_by": .string(ownedBy),
            "shutdown_date": shutdownDate.map(JSONValue.string) ?? .null,
        ]
    }
}
