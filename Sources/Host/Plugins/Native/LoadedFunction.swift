import CAVRFunctionABI
import Foundation
import FunctionABI
import Logging
import Synchronization

/// One initialised function: an image, its descriptor, its instance and its counters.
/// In-flight calls hold it, so a replaced version finishes its calls before `shutdown`.
final class LoadedFunction: @unchecked Sendable {
    // Pointers are immutable after init; the plugin promises thread-safe invoke.
    let name: String
    let definition: ToolDefinition
    let image: PluginImage
    let settings: JSONValue
    let loadedAt = Date()
    let stats = FunctionStats()
    /// The host's log, for what the host says about this function.
    let logger: Logger
    private let function: UnsafePointer<avr_function>
    private let instance: UnsafeMutableRawPointer?
    private let services: UnsafeMutablePointer<avr_host_services>

    /// Runs the plugin's init within `initTimeoutMs`; throws its error text when it refuses or
    /// does not return in time.
    init(
        image: PluginImage, function: UnsafePointer<avr_function>, settings: JSONValue,
        serviceContext: PluginHostServiceContext, initTimeoutMs: Int
    ) throws(PluginLoadError) {
        let raw = function.pointee
        name = String(cString: raw.name)
        definition = ToolDefinition(
            name: name, description: String(cString: raw.description),
            parametersJSON: String(cString: raw.parameters_schema_json))
        self.image = image
        self.settings = settings
        self.function = function
        logger = serviceContext.logger
        let table = serviceContext.makeTable()
        services = table
        var created: UnsafeMutableRawPointer?
        if let initialise = raw.`init` {
            let run = PluginInitRun(
                name: name, image: image, function: raw, settings: settings.jsonText, table: table,
                logger: serviceContext.logger)
            let outcome: PluginInitRun.Outcome?
            do throws(PluginLoadError) {
                outcome = try run.run(initialise, timeoutMs: initTimeoutMs)
            } catch {
                PluginHostServiceContext.release(table)
                throw error
            }
            switch outcome {
            case .created(let instance):
                created = instance
            case .refused(let code, let reason):
                PluginHostServiceContext.release(table)
                throw PluginLoadError("init failed (\(code)): \(reason)")
            case nil:
                // The table stays with the abandoned init (see PluginInitRun).
                throw PluginLoadError("init did not return within \(initTimeoutMs) ms; the plugin is not loaded")
            }
        }
        instance = created
    }

    deinit {
        // The last reference may be dropped on a cooperative-pool thread, and a plugin's
        // shutdown may block (join threads, flush files): it runs on a thread of its own.
        let retired = RetiredInstance(shutdown: function.pointee.shutdown, instance: instance, services: services)
        Thread { retired.finish() }.start()
    }

    /// Calls invoke on the current thread and takes ownership of the result strings.
    func invokeBlocking(arguments: String, uuid: String, callID: String) -> PluginCallResult {
        var result = avr_result()
        result.struct_size = UInt32(MemoryLayout<avr_result>.size)
        uuid.withCString { uuidC in
            callID.withCString { callC in
                var context = avr_call_context(
                    struct_size: UInt32(MemoryLayout<avr_call_context>.size), uuid: uuidC, call_id: callC)
                arguments.withCString { function.pointee.invoke(instance, &context, $0, &result) }
            }
        }
        defer {
            free(result.message)
            free(result.data_json)
        }
        return PluginCallResult(
            succeeded: result.status == AVR_STATUS_SUCCESS.rawValue,
            message: result.message.map { String(cString: $0) },
            dataJSON: result.data_json.map { String(cString: $0) })
    }
}

/// What a replaced function leaves to clean up: its instance and its services table.
private struct RetiredInstance: @unchecked Sendable {
    // Owned by this value alone once the function is gone.
    let shutdown: (@convention(c) (UnsafeMutableRawPointer?) -> Void)?
    let instance: UnsafeMutableRawPointer?
    let services: UnsafeMutablePointer<avr_host_services>

    func finish() {
        shutdown?(instance)
        PluginHostServiceContext.release(services)
    }
}

/// A plugin's answer as the host copied it out of `avr_result`.
struct PluginCallResult: Sendable, Equatable {
    var succeeded: Bool
    var message: String?
    var dataJSON: String?
}
