import CAVRFunctionABI
import Foundation
import FunctionABI

/// The C services table behind `TestPluginHost.host`: the same `avr_host_services` the real host
/// hands to `init`, so `PluginHost` runs its real code path (strings, buffers, `host->free`).
extension TestPluginHost {
    static func servicesTable() -> avr_host_services {
        var table = avr_host_services()
        table.struct_size = UInt32(MemoryLayout<avr_host_services>.size)
        table.abi_version = UInt32(AVR_FUNCTION_ABI_VERSION)
        table.log = { context, level, uuid, message in
            let entry = LogEntry(
                level: PluginHost.LogLevel(rawValue: level) ?? .error,
                message: message.map { String(cString: $0) } ?? "", uuid: uuid.map { String(cString: $0) })
            testHost(context).state.withLock { $0.logs.append(entry) }
        }
        table.http_request = { context, request, response in
            guard let request, let response else { return AVR_HTTP_NO_RESPONSE }
            return testHost(context).answer(request.pointee, into: response)
        }
        table.get_setting = { context, name in
            guard let name, let value = testHost(context).settings[String(cString: name)] else { return nil }
            return strdup(value)
        }
        table.free = { free($0) }
        return table
    }

    private static func owner(_ context: UnsafeMutableRawPointer?) -> TestPluginHost {
        Unmanaged<TestPluginHost>.fromOpaque(context!).takeUnretainedValue()
    }

    /// Records the request and writes the latest matching canned answer, as host memory.
    fileprivate func answer(_ request: avr_http_request, into response: UnsafeMutablePointer<avr_http_response>)
        -> Int32
    {
        let method = request.method.map { String(cString: $0) } ?? ""
        let url = request.url.map { String(cString: $0) } ?? ""
        var headers: [String: String] = [:]
        for index in 0..<request.header_count {
            let header = request.headers[index]
            headers[header.name.map { String(cString: $0) } ?? ""] = header.value.map { String(cString: $0) } ?? ""
        }
        let body = request.body.map { Data(bytes: $0, count: request.body_length) } ?? Data()
        let recorded = HTTPRequest(
            method: method, url: url, headers: headers, body: body, timeoutMs: request.timeout_ms)
        let canned = state.withLock { state in
            state.requests.append(recorded)
            return state.responses.last { $0.matches(method: method, url: url) }
        }
        guard let canned else {
            response.pointee.error = strdup("no canned response for \(method) \(url)")
            return AVR_HTTP_NO_RESPONSE
        }
        response.pointee.status_code = Int32(canned.status)
        response.pointee.body_length = canned.body.count
        let buffer = malloc(canned.body.count + 1)!.assumingMemoryBound(to: CChar.self)
        canned.body.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { memcpy(buffer, base, canned.body.count) }
        }
        buffer[canned.body.count] = 0
        response.pointee.body = buffer
        return AVR_HTTP_OK
    }
}

/// The test host behind a table's `host_context` (a free function: C callbacks capture nothing).
private func testHost(_ context: UnsafeMutableRawPointer?) -> TestPluginHost {
    Unmanaged<TestPluginHost>.fromOpaque(context!).takeUnretainedValue()
}
