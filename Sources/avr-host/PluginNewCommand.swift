import AVRHost
import ArgumentParser
import Foundation

/// `avr-host plugin new NAME [--c]`: a plugin project that builds as generated, against this
/// host's SDK, so an author starts from a working tool instead of the header.
struct PluginNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Creates a plugin project for one tool: a Swift package, or with --c a C file and a Makefile.",
        discussion: """
            Swift: `swift build` writes .build/debug/libNAME.so, `swift test` runs its unit test on the SDK's \
            TestPluginHost. C: `make` writes libNAME.so, `make check` calls it through avr-host. Existing files \
            are never overwritten: if any file the project needs exists, nothing is written.
            """)

    @Argument(help: "The tool's name, as the model sees it: 1 to 64 of a-z A-Z 0-9 _ -.") var name: String
    @Flag(name: .customLong("c"), help: "Write a C plugin (NAME.c and a Makefile) instead of a Swift package.")
    var c = false
    @Option(help: "The folder to write into, created when missing (default: the current folder).")
    var output: String?
    @Option(
        help:
            "The plugin SDK folder (default: the SDK/ folder of the checkout or package holding this avr-host)."
    )
    var sdk: String?

    func validate() throws {
        do { _ = try PluginName(name) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        do {
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
            let sdkPath = try PluginSDKLocation.find(
                explicit: sdk, executableDirectory: (executable as NSString).deletingLastPathComponent)
            let scaffold = PluginScaffold(name: try PluginName(name), language: c ? .c : .swift, sdk: sdkPath)
            for path in try scaffold.write(into: output ?? ".") { print("created \(path)") }
            let folder = output.map { "cd \($0) && " } ?? ""
            let call = "\(executable) plugin call .build/debug/lib\(name).so \(name) '{\"name\":\"Ada\"}'"
            print(
                c
                    ? "next: \(folder)make && make check AVR_HOST=\(executable)"
                    : "next: \(folder)swift build && swift test && \(call)")
        } catch {
            FileHandle.standardError.write(Data("avr-host plugin new: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
