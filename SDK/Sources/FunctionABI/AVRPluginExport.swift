import CAVRFunctionABI
import Foundation

/// Builds the `avr_plugin` descriptor for Swift functions; a plugin's one export line calls it:
///
///     @_cdecl("avr_plugin_entry")
///     public func avrPluginEntry() -> UnsafeRawPointer {
///         AVRPluginExport.make(TransferFunction.self)
///     }
public enum AVRPluginExport {
    /// Returns a descriptor that lives as long as the image (the host never unloads it).
    public static func make(_ functions: any AVRFunction.Type...) -> UnsafeRawPointer {
        make(functions, version: functions.first?.version)
    }

    /// Like `make(_:)`, with an explicit plugin version for the admin listing.
    public static func make(_ functions: [any AVRFunction.Type], version: String?)
        -> UnsafeRawPointer
    {
        let table = UnsafeMutablePointer<avr_function>.allocate(capacity: max(functions.count, 1))
        for (index, type) in functions.enumerated() {
            let box = Unmanaged.passRetained(FunctionTypeBox(type)).toOpaque()
            table[index] = avr_function(
                struct_size: UInt32(MemoryLayout<avr_function>.size),
                name: strdup(type.name),
                description: strdup(type.description),
                parameters_schema_json: strdup(type.parametersSchema),
                function_context: box,
                init: swiftFunctionInit,
                invoke: swiftFunctionInvoke,
                shutdown: swiftFunctionShutdown)
        }
        let plugin = UnsafeMutablePointer<avr_plugin>.allocate(capacity: 1)
        plugin.initialize(
            to: avr_plugin(
                abi_version: UInt32(AVR_FUNCTION_ABI_VERSION),
                struct_size: UInt32(MemoryLayout<avr_plugin>.size),
                function_struct_size: UInt32(MemoryLayout<avr_function>.size),
                toolchain_stamp: UnsafePointer(strdup(AVRToolchain.stamp)),
                plugin_version: version.map { UnsafePointer(strdup($0)) },
                function_count: UInt32(functions.count),
                functions: UnsafePointer(table)))
        return UnsafeRawPointer(plugin)
    }
}

/// The Swift type behind one `avr_function`, reachable from C through `function_context`.
final class FunctionTypeBox: Sendable {
    let type: any AVRFunction.Type
    init(_ type: any AVRFunction.Type) { self.type = type }
}

/// One live instance behind the `instance` pointer.
final class FunctionInstanceBox: Sendable {
    let function: any AVRFunction
    init(_ function: any AVRFunction) { self.function = function }
}

private let swiftFunctionInit: avr_init_fn = { context, settingsJSON, host, instance, errorOut in
    guard let context, let instance else { return 1 }
    let type = Unmanaged<FunctionTypeBox>.fromOpaque(context).takeUnretainedValue().type
    let pluginHost = host.map(PluginHost.init(services:))
    let json = settingsJSON.flatMap { JSONValue(parsing: String(cString: $0)) } ?? .object([:])
    do {
        let function = try type.init(
            settings: PluginSettings(json: json, host: pluginHost),
            host: pluginHost ?? PluginHost.detached)
        instance.pointee = Unmanaged.passRetained(FunctionInstanceBox(function)).toOpaque()
        return 0
    } catch {
        errorOut?.pointee = strdup(String(describing: error))
        return 1
    }
}

private let swiftFunctionInvoke: avr_invoke_fn = { instance, context, arguments, result in
    guard let result else { return }
    let outcome: FunctionResult
    if let instance {
        let function = Unmanaged<FunctionInstanceBox>.fromOpaque(instance)
            .takeUnretainedValue().function
        let callContext = CallContext(
            uuid: context?.pointee.uuid.map { String(cString: $0) } ?? "",
            callID: context?.pointee.call_id.map { String(cString: $0) } ?? "")
        outcome = function.call(argumentsJSON: arguments.map { String(cString: $0) } ?? "{}", context: callContext)
    } else {
        outcome = .failure("The function was not initialised.")
    }
    result.pointee.status = outcome.succeeded ? 0 : 1
    result.pointee.message = strdup(outcome.message)
    result.pointee.data_json = outcome.data.map { strdup($0.jsonText) } ?? nil
}

private let swiftFunctionShutdown: avr_shutdown_fn = { instance in
    guard let instance else { return }
    Unmanaged<FunctionInstanceBox>.fromOpaque(instance).release()
}

extension AVRFunction {
    /// Decodes the model's arguments and calls, as the host's every call does (it also opens
    /// the existential); public so a unit test can call a function with JSON, as the model does.
    public func call(argumentsJSON: String, context: CallContext) -> FunctionResult {
        do {
            let arguments = try JSONDecoder().decode(Arguments.self, from: Data(argumentsJSON.utf8))
            return call(arguments, context: context)
        } catch {
            let reason = (error as? DecodingError)?.summary ?? "\(error)"
            return .failure(
                "I could not understand the request.",
                data: .object(["error": .string("invalid arguments: \(reason)")]))
        }
    }
}
