import FunctionABI
import AVRHost
import OpenAIStandIn

extension OpenAIStandIn {
    /// The JSON bodies of every `POST /v1/responses` the stand-in received, in order.
    var responseBodies: [JSONValue] {
        recordedRequests.filter { $0.path == "/v1/responses" }.compactMap {
            try? JSONValue.parse($0.rawBody)
        }
    }
}
