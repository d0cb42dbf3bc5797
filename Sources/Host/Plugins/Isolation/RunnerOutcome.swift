/// The error outputs of an isolated function whose runner is not there to answer, each with a
/// kind of its own so the model (and whoever reads the conversation) can tell them apart.
enum RunnerOutcome {
    /// The runner died with the call in flight. Never retried: a tool may not be idempotent.
    static func crashed(_ name: String, _ exit: RunnerExit) -> ToolOutcome {
        PluginOutcome.error(
            "plugin_crashed", "The function \(name) crashed (\(exit.summary)); it was not retried.")
    }

    static func restarting(_ name: String) -> ToolOutcome {
        PluginOutcome.error(
            "plugin_restarting", "The function \(name) is restarting after a crash; it was not called.")
    }

    static func failed(_ name: String, _ reason: String) -> ToolOutcome {
        PluginOutcome.error("plugin_failed", "The function \(name) is switched off: \(reason)")
    }

    /// Arguments or an output too large for one frame (`RunnerChannel.maximumFrameBytes`).
    static func tooLarge(_ name: String, _ what: String, _ bytes: Int, _ limit: Int) -> ToolOutcome {
        PluginOutcome.error(
            "too_large",
            "The \(what) of the function \(name) take \(bytes) bytes; an isolated function's are limited to \(limit)."
        )
    }

    static func gone(_ name: String) -> ToolOutcome {
        PluginOutcome.error("plugin_crashed", "The function \(name)'s runner had ended; it was not called.")
    }
}
