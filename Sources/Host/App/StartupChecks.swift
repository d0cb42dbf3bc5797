import FunctionABI
import Logging

/// Checks made once at start-up against the real OpenAI API.
struct StartupChecks {
    let client: OpenAIClient
    let logger: Logger

    /// Refuses to start with a model that does not exist; warns about one being retired.
    func checkModel(_ model: String) async throws {
        do {
            let info = try await client.model(model)
            if let shutdown = info["shutdown_date"], shutdown != .null {
                logger.warning(
                    "OPENAI_MODEL \(model) is scheduled to shut down on \(shutdown.stringValue ?? shutdown.jsonText); choose a newer model before then."
                )
            }
        } catch OpenAIError.http(404, let message, _) {
            throw SettingsError(
                "OPENAI_MODEL \"\(model)\" does not exist or is not available to this API key (\(message)); set OPENAI_MODEL to a model from GET /v1/models."
            )
        } catch {
            logger.warning("could not check OPENAI_MODEL \(model) at start-up: \(error)")
        }
    }
}
