import FunctionABI

extension RunnerPolicy {
    /// The entry fields that belong to isolation.
    static let fieldNames: Set<String> = [
        "isolation", "limits", "max_restarts", "restart_window_s", "kill_grace_ms",
    ]
}

extension PluginsConfig {
    /// `isolation` and the runner's fields; those fields without `"isolation": "process"` are
    /// refused, so an operator never believes a limit applies when it does not.
    static func parseIsolation(_ fields: JSONObject, at: String) throws(PluginsConfigError)
        -> PluginIsolation
    {
        let mode = fields["isolation"] ?? .string("in-process")
        guard case .string(let name) = mode, name == "in-process" || name == "process" else {
            throw PluginsConfigError("\(at).isolation", "must be \"in-process\" or \"process\"")
        }
        guard name == "process" else {
            if let stray = RunnerPolicy.fieldNames.subtracting(["isolation"]).sorted().first(where: {
                fields[$0] != nil
            }) {
                throw PluginsConfigError("\(at).\(stray)", "only allowed with \"isolation\": \"process\"")
            }
            return .inProcess
        }
        var policy = RunnerPolicy()
        if let limits = fields["limits"] {
            guard case .object(let values) = limits else {
                throw PluginsConfigError("\(at).limits", "must be an object")
            }
            if let unknown = values.keys.sorted().first(where: {
                !["memory_mb", "cpu_seconds", "open_files"].contains($0)
            }) {
                throw PluginsConfigError("\(at).limits.\(unknown)", "unknown field")
            }
            policy.memoryMB = try integer(values["memory_mb"], "\(at).limits.memory_mb", 16...1_048_576)
            policy.cpuSeconds = try integer(values["cpu_seconds"], "\(at).limits.cpu_seconds", 1...86_400 * 365)
            policy.openFiles = try integer(values["open_files"], "\(at).limits.open_files", 16...1_048_576)
        }
        policy.maxRestarts =
            try integer(fields["max_restarts"], "\(at).max_restarts", 0...1000) ?? policy.maxRestarts
        policy.restartWindowSeconds =
            try integer(fields["restart_window_s"], "\(at).restart_window_s", 1...86_400)
            ?? policy.restartWindowSeconds
        policy.killGraceMs =
            try integer(fields["kill_grace_ms"], "\(at).kill_grace_ms", 1...600_000) ?? policy.killGraceMs
        return .process(policy)
    }

    private static func integer(_ value: JSONValue?, _ field: String, _ range: ClosedRange<Int>)
        throws(PluginsConfigError) -> Int?
    {
        guard let value else { return nil }
        guard let number = value.doubleValue, number == number.rounded(),
            number >= Double(range.lowerBound), number <= Double(range.upperBound)
        else {
            throw PluginsConfigError(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(number)
    }
}
