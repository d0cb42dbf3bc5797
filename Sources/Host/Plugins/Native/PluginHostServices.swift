import CAVRFunctionABI
import Foundation
import Logging

/// What the C host-services routines reach through `host_context`: one per function instance.
final class PluginHostServiceContext: Sendable {
    let functionName: String
    let logger: Logger
    let transport: any PluginHTTPTransport
    let hostSettings: [String: String]

    init(
        functionName: String, logger: Logger, transport: any PluginHTTPTransport,
        hostSettings: [String: String]
    ) {
        self.functionName = functionName
        self.logger = logger
        self.transport = transport
        self.hostSettings = hostSettings
    }

    /// Builds the C table; `release` must be called after the instance's shutdown.
    func makeTable() -> UnsafeMutablePointer<avr_host_services> {
        let table = UnsafeMutablePointer<avr_host_services>.allocate(capacity: 1)
        table.initialize(
            to: avr_host_services(
                struct_size: UInt32(MemoryLayout<avr_host_services>.size),
                abi_version: UInt32(AVR_FUNCTION_ABI_VERSION),
                host_context: Unmanaged.passRetained(self).toOpaque(),
                log: hostLog, http_request: hostHTTPRequest, get_setting: hostGetSetting,
                free: hostFree))
        return table
    }

    static func release(_ table: UnsafeMutablePointer<avr_host_services>) {
        if let context = table.pointee.host_context {
            Unmanaged<PluginHostServiceContext>.fromOpaque(context).release()
        }
        table.deinitialize(count: 1)
        table.deallocate()
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> PluginHostServiceContext? {
        pointer.map { Unmanaged<PluginHostServiceContext>.fromOpaque($0).takeUnretainedValue() }
    }
}

private let hostFree: @convention(c) (UnsafeMutableRawPointer?) -> Void = { free($0) }

private let hostLog:
    @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) ->
        Void = {
            context, level, uuid, message in
            guard let services = PluginHostServiceContext.from(context), let message else { return }
            let levels: [Logger.Level] = [.debug, .info, .warning, .error]
            var metadata: Logger.Metadata = ["plugin": "\(services.functionName)"]
            if let uuid, uuid.pointee != 0 { metadata["uuid"] = "\(String(cString: uuid))" }
            services.logger.log(
                level: levels[Int(min(max(level, 0), 3))], "\(String(cString: message))", metadata: metadata
            )
        }

private let hostGetSetting:
    @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>? =
        {
            context, name in
            guard let services = PluginHostServiceContext.from(context), let name,
                let value = services.hostSettings[String(cString: name)]
            else { return nil }
            return strdup(value)
        }

private let hostHTTPRequest:
    @convention(c) (
        UnsafeMutableRawPointer?, UnsafePointer<avr_http_request>?,
        UnsafeMutablePointer<avr_http_response>?
    ) -> Int32 = {
        context, request, response in
        // Sizes first: a plugin built against another layout must not be read or written past it.
        guard let services = PluginHostServiceContext.from(context), let request, let response,
            UnsafeRawPointer(request).load(as: UInt32.self) >= MemoryLayout<avr_http_request>.size,
            UnsafeRawPointer(response).load(as: UInt32.self) >= MemoryLayout<avr_http_response>.size
        else {
            return -1
        }
        let raw = request.pointee
        // A count without an array (or a body length without bytes) is a bad request, not a crash.
        if raw.header_count > 0, raw.headers == nil { return badRequest(response, "headers is NULL") }
        if raw.body_length > 0, raw.body == nil { return badRequest(response, "body is NULL") }
        var headers: [(name: String, value: String)] = []
        for index in 0..<raw.header_count {
            let header = raw.headers[index]
            if let name = header.name, let value = header.value {
                headers.append((String(cString: name), String(cString: value)))
            }
        }
        let body: [UInt8] =
            raw.body.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.body_length)) } ?? []
        let result = services.transport.perform(
            PluginHTTPRequest(
                method: raw.method.map { String(cString: $0) } ?? "GET",
                url: raw.url.map { String(cString: $0) } ?? "",
                headers: headers, body: body,
                timeoutMs: raw.timeout_ms == 0 ? 5000 : Int(raw.timeout_ms)))
        switch result {
        case .response(let status, let bytes):
            response.pointee.status_code = Int32(status)
            let buffer = malloc(bytes.count + 1)!.assumingMemoryBound(to: CChar.self)
            bytes.withUnsafeBytes { source in
                if let base = source.baseAddress { memcpy(buffer, base, source.count) }
            }
            buffer[bytes.count] = 0
            response.pointee.body = buffer
            response.pointee.body_length = bytes.count
            return 0
        case .failure(let reason):
            response.pointee.status_code = 0
            response.pointee.error = strdup(reason)
            return -1
        }
    }

private func badRequest(_ response: UnsafeMutablePointer<avr_http_response>, _ reason: String) -> Int32 {
    response.pointee.status_code = 0
    response.pointee.error = strdup("bad request: \(reason)")
    return -1
}
