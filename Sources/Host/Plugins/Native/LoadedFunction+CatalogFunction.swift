import Foundation

/// A plugin function as the catalog sees it.
extension LoadedFunction: CatalogFunction {
    var kind: String { "plugin" }
    var version: String? { image.version }
    var file: String { image.sourcePath }

    func invokeBlocking(arguments: String, context: ToolCallContext) -> ToolOutcome {
        PluginOutcome.from(
            invokeBlocking(arguments: arguments, uuid: context.uuid ?? "", callID: context.callID)
        ) { problem in
            image.invalidDataWarning.warn(
                "plugin \(name) \(image.version ?? "(no version)") from \(image.sourcePath) returned data_json that is not valid JSON (\(problem)); the model gets the text as a JSON string",
                to: logger, metadata: ["plugin": "\(name)"])
        }
    }
}
