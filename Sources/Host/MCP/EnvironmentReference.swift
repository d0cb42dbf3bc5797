/// `${NAME}` in an MCP server's `env` values and `headers`: filled in from the host's
/// environment when the server starts, so secrets stay out of plugins.json.
enum EnvironmentReference {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "the environment variable \(name) is not set" }
    }

    static func expand(_ text: String, from environment: [String: String]) throws(Missing) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.range(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            let name = String(rest[open.upperBound..<close])
            guard let value = environment[name] else { throw Missing(name: name) }
            result += rest[..<open.lowerBound] + value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    static func expand(_ values: [String: String], from environment: [String: String]) throws(Missing)
        -> [String: String]
    {
        var expanded: [String: String] = [:]
        for (key, value) in values { expanded[key] = try expand(value, from: environment) }
        return expanded
    }
}
