import Foundation
import FunctionABI

extension PluginRegistry {
    /// Carries out an `"ffi"` entry's claim: loads its library and looks its symbol up (an
    /// unchanged declaration keeps the function it made before).
    func makeFFIFunction(
        name: String, entry: PluginEntry, ffi: JSONValue, previous: FFIToolFunction?
    ) -> (outcome: PluginClaimOutcome, served: ServedFunction?) {
        do {
            let function = try FFIToolFactory.make(
                name: name, ffi: ffi, description: entry.description, previous: previous)
            return (.serves(provider: "ffi \(function.file)"), .ffi(function))
        } catch {
            return (.failed(error.description), nil)
        }
    }
}
