/// A type that reads only some keys of its mapping, the rest belonging to another reader that checks them (a bot
/// entry: the host reads `type`, `id` and the supervision keys, the bot its own options). The refusing decoder does
/// not refuse the keys such a type leaves unread; the mappings nested in it are checked as usual.
public protocol SharedMapping: Decodable {}
