import ArgumentParser

/// `avr-host plugin ...`: tools for plugin authors.
struct PluginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Tools for plugin authors.",
        subcommands: [PluginCallCommand.self, PluginNewCommand.self])
}
