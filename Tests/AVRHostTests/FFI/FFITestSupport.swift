import Foundation
import Testing

@testable import AVRHost

/// Loads FFI declarations for the tests, against libm and the package's own test library.
enum FFITest {
    /// `libffi_testlib.so`, built by the package next to the test runner.
    static let testLibrary: String = {
        let runner =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // On macOS the runner sits inside an .xctest bundle; walk up to the build folder.
        while directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("libffi_testlib.so").path
    }()

    /// Loads an `ffi` object written as a JSON literal; `$LIB` stands for the test library.
    static func load(_ name: String, _ json: String, description: String = "test") throws
        -> FFIFunction
    {
        let text = json.replacingOccurrences(of: "$LIB", with: testLibrary)
        return try FFIFunction.load(entryName: name, description: description, ffiJSON: Data(text.utf8))
    }

    /// A function of the test library with the given parameter and return types.
    static func testFunction(
        _ symbol: String, returns: String, parameters: [String], free: String? = nil
    )
        throws -> FFIFunction
    {
        let params = parameters.enumerated().map {
            #"{"name": "p\#($0.offset)", "type": "\#($0.element)"}"#
        }
        let freeField = free.map { #", "free": "\#($0)""# } ?? ""
        return try load(
            symbol,
            #"{"library": "$LIB", "symbol": "\#(symbol)", "returns": "\#(returns)"\#(freeField), "parameters": [\#(params.joined(separator: ","))]}"#
        )
    }

    /// The error a load throws, as text; nil when it loads.
    static func loadError(_ json: String, name: String = "power") -> String? {
        do {
            _ = try load(name, json)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
