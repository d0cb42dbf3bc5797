import Configuration
import SystemPackage

extension HostSettings {
    /// Settings whose values never appear in logs.
    static let secretVariables: Set<String> = ["OPENAI_API_KEY", "ADMIN_TOKEN"]

    /// Reads the settings with this precedence: command-line flags (dotted keys such as
    /// `openai.model`), then the process environment, then a `.env` file if there is one.
    public static func load(
        flags: [String: String], environment: [String: String]? = nil, dotEnvPath: String = ".env"
    ) async throws -> HostSettings {
        let secrets = SecretsSpecifier<String, String>.specific(secretVariables)
        let flagValues = Dictionary(
            uniqueKeysWithValues: flags.map { key, value in
                (
                    AbsoluteConfigKey(key.split(separator: ".").map(String.init)),
                    ConfigValue(.string(value), isSecret: secretVariables.contains(environmentName(key)))
                )
            })
        let processEnvironment =
            environment.map { EnvironmentVariablesProvider(environmentVariables: $0, secretsSpecifier: secrets) }
            ?? EnvironmentVariablesProvider(secretsSpecifier: secrets)
        let dotEnv = try await EnvironmentVariablesProvider(
            environmentFilePath: FilePath(dotEnvPath), allowMissing: true, secretsSpecifier: secrets)
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: flagValues), processEnvironment, dotEnv,
        ])
        return try HostSettings(reader: reader)
    }
}
