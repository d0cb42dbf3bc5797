import Hummingbird

/// `/v1/models`: the configured model table, so clients can check retirement dates.
extension OpenAIStandIn {
    func model(_ id: String) throws -> Response {
        guard let model = configuration.models.first(where: { $0.id == id }) else {
            throw StandInAPIError.notFound(
                "The model '\(id)' does not exist", param: "model", code: "model_not_found")
        }
        return Self.json(model.json)
    }

    func listModels() -> Response {
        Self.json(["object": "list", "data": .array(configuration.models.map(\.json))])
    }
}
