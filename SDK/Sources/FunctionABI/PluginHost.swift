import CAVRFunctionABI
import Foundation

/// The host's services as a Swift value: logging, HTTP through the host, host settings.
public struct PluginHost: @unchecked Sendable {
    // The host keeps the table valid until shutdown and its routines are thread-safe.
    private let services: UnsafePointer<avr_host_services>

    public init(services: UnsafePointer<avr_host_services>) {
        self.services = services
    }

    /// Log severities understood by the host.
    public enum LogLevel: Int32, Sendable {
        case debug = 0
        case info, warning, error
    }

    public func log(_ level: LogLevel, _ message: String, uuid: String? = nil) {
        let table = services.pointee
        guard let log = table.log else { return }
        if let uuid {
            uuid.withCString { log(table.host_context, level.rawValue, $0, message) }
        } else {
            log(table.host_context, level.rawValue, nil, message)
        }
    }

    /// A host setting such as "AMI_URL", or nil when unset.
    public func setting(_ name: String) -> String? {
        let table = services.pointee
        guard let get = table.get_setting, let raw = get(table.host_context, name) else {
            return nil
        }
        defer { release(raw) }
        return String(cString: raw)
    }

    /// An HTTP answer; `statusCode` is 0 when none arrived and `error` says why.
    public struct HTTPResponse: Sendable {
        public var statusCode: Int
        public var body: Data
        public var error: String?
    }

    /// One blocking HTTP request through the host's client, within `timeoutMs`.
    public func http(
        method: String, url: String, headers: [String: String] = [:], body: Data = Data(),
        timeoutMs: UInt32 = 5000
    ) -> HTTPResponse {
        let table = services.pointee
        guard let perform = table.http_request else {
            return HTTPResponse(statusCode: 0, body: Data(), error: "host offers no HTTP")
        }
        let names = headers.keys.map { strdup($0) }
        let values = headers.keys.map { strdup(headers[$0]!) }
        defer { (names + values).forEach { free($0) } }
        var headerArray = zip(names, values).map { avr_http_header(name: $0, value: $1) }
        var response = avr_http_response()
        response.struct_size = UInt32(MemoryLayout<avr_http_response>.size)
        let code = method.withCString { methodC in
            url.withCString { urlC in
                headerArray.withUnsafeMutableBufferPointer { headerBuffer in
                    body.withUnsafeBytes { bodyBuffer in
                        var request = avr_http_request(
                            struct_size: UInt32(MemoryLayout<avr_http_request>.size),
                            method: methodC, url: urlC,
                            headers: headerBuffer.baseAddress, header_count: headerBuffer.count,
                            body: bodyBuffer.baseAddress, body_length: bodyBuffer.count,
                            timeout_ms: timeoutMs)
                        return perform(table.host_context, &request, &response)
                    }
                }
            }
        }
        var result = HTTPResponse(statusCode: Int(response.status_code), body: Data(), error: nil)
        if let raw = response.body {
            result.body = Data(bytes: raw, count: response.body_length)
            release(raw)
        }
        if let raw = response.error {
            result.error = String(cString: raw)
            release(raw)
        }
        if code != 0, result.error == nil { result.error = "request failed" }
        return result
    }

    private func release(_ pointer: UnsafeMutableRawPointer) {
        if let release = services.pointee.free { release(pointer) } else { free(pointer) }
    }

    private func release(_ pointer: UnsafeMutablePointer<CChar>) {
        release(UnsafeMutableRawPointer(pointer))
    }
}

extension PluginHost {
    /// A table with no services, for a host that passes none (logs and HTTP do nothing).
    static let detached: PluginHost = {
        let table = UnsafeMutablePointer<avr_host_services>.allocate(capacity: 1)
        table.initialize(to: avr_host_services())
        table.pointee.struct_size = UInt32(MemoryLayout<avr_host_services>.size)
        return PluginHost(services: table)
    }()
}
