import FunctionABI

/// One HTTP request the stand-in received, kept so tests can assert what a client sent.
public struct RecordedRequest: Sendable {
    public var method: String
    public var path: String
    /// Header names lower-cased; repeated headers joined with ", ".
    public var headers: [String: String]
    /// The parsed JSON body, nil when empty or not JSON.
    public var body: JSONValue?
    public var rawBody: String
}
