import Foundation

/// A plugin function as the catalog sees it.
extension LoadedFunction: CatalogFunction {
    var kind: String { "plugin" }
    var version: String? { image.version }
    var file: String { image.sourcePath }

    func invokeBlocking(arguments: String, context: ToolCallContext) -> ToolOutcome {
        PluginOutcome.from(
            invokeBlocking(arguments: arguments, uuid: context.uuid ?? "", callID: context.callID))
    }
}
