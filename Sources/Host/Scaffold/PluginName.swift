/// A tool name given to `avr-host plugin new`, and the code identifiers derived from it: the
/// tool name may hold `-` and start with a digit, which neither Swift nor C accepts.
public struct PluginName: Sendable, Equatable {
    /// The function's name as the model sees it, and the library's: `lib<tool>.so`.
    public let tool: String
    /// For C symbols and file names: `-` becomes `_`; `tool_` goes before a leading digit.
    public let cIdentifier: String
    /// UpperCamelCase words of the name (`hello-world` -> `HelloWorld`), a Swift type prefix.
    public let swiftWords: String

    public init(_ name: String) throws(PluginNameError) {
        guard PluginValidation.isValidFunctionName(name) else { throw PluginNameError(name: name) }
        tool = name
        let snake = name.replacingOccurrences(of: "-", with: "_")
        cIdentifier = snake.first!.isNumber ? "tool_" + snake : snake
        let words = name.split(whereSeparator: { $0 == "_" || $0 == "-" }).map {
            $0.prefix(1).uppercased() + $0.dropFirst()
        }.joined()
        swiftWords = words.first.map { $0.isNumber ? "Tool" + words : words } ?? "Tool"
    }

    /// The Swift target (and module) holding the function: `HelloWorldPlugin`.
    public var swiftTarget: String { swiftWords + "Plugin" }
    /// The Swift type conforming to `AVRFunction`: `HelloWorldFunction`.
    public var swiftType: String { swiftWords + "Function" }
}

/// A name `plugin new` cannot use as a tool name.
public struct PluginNameError: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var description: String {
        "\"\(name)\" is not a tool name: use 1 to 64 ASCII letters, digits, \"_\" or \"-\" (as plugins.json does)"
    }
}
