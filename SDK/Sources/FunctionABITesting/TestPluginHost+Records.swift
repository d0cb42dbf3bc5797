import Foundation
import FunctionABI

extension TestPluginHost {
    /// One line a function logged through `PluginHost.log`.
    public struct LogEntry: Sendable, Equatable {
        public var level: PluginHost.LogLevel
        public var message: String
        /// The call's uuid the line was tagged with, if any.
        public var uuid: String?

        public init(level: PluginHost.LogLevel, message: String, uuid: String? = nil) {
            self.level = level
            self.message = message
            self.uuid = uuid
        }
    }

    /// One HTTP request a function made through `PluginHost.http`.
    public struct HTTPRequest: Sendable, Equatable {
        public var method: String
        public var url: String
        public var headers: [String: String]
        public var body: Data
        public var timeoutMs: UInt32

        /// The body as text (JSON bodies read best this way in an expectation).
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// An answer prepared with `respond(to:method:status:body:)`.
    struct CannedResponse {
        var method: String?
        var url: String
        var status: Int
        var body: Data

        func matches(method: String, url: String) -> Bool {
            self.url == url && (self.method == nil || self.method == method)
        }
    }
}
