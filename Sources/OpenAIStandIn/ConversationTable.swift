import FunctionABI

/// The stored conversations, bounded: beyond `capacity` the oldest conversation is forgotten, and
/// beyond `maxItems` a conversation forgets its oldest items, so an offline host stays flat
/// however many calls and turns it serves.
struct ConversationTable: Sendable {
    let capacity: Int
    let maxItems: Int
    private var byID: [String: Conversation] = [:]
    /// Ids in creation order from `head` on; ids deleted meanwhile are skipped and compacted away.
    private var order: [String] = []
    private var head = 0

    init(capacity: Int, maxItems: Int) {
        self.capacity = max(1, capacity)
        self.maxItems = max(1, maxItems)
    }

    subscript(id: String) -> Conversation? { byID[id] }

    var ids: [String] { Array(byID.keys) }

    var count: Int { byID.count }

    mutating func insert(_ conversation: Conversation) {
        var conversation = conversation
        conversation.items = Array(conversation.items.suffix(maxItems))
        if byID.updateValue(conversation, forKey: conversation.id) == nil { order.append(conversation.id) }
        while byID.count > capacity, head < order.count {
            byID.removeValue(forKey: order[head])
            head += 1
        }
        compactOrder()
    }

    mutating func removeValue(forKey id: String) -> Conversation? {
        defer { compactOrder() }
        return byID.removeValue(forKey: id)
    }

    mutating func append(_ items: [JSONValue], to id: String) {
        guard var conversation = byID.removeValue(forKey: id) else { return }
        conversation.items.append(contentsOf: items)
        if conversation.items.count > maxItems { conversation.items.removeFirst(conversation.items.count - maxItems) }
        byID[id] = conversation
    }

    /// Keeps `order` within about twice the live count, at amortised constant cost.
    private mutating func compactOrder() {
        guard order.count - head > 2 * byID.count + 16 || head > order.count / 2 + 16 else { return }
        order = order[head...].filter { byID[$0] != nil }
        head = 0
    }
}
