import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A feed as read from RSS 2.0, RSS 1.0 (RDF) or Atom: its title and its items in document order.
struct FeedDocument: Sendable, Equatable {
    /// One item (RSS) or entry (Atom).
    struct Item: Sendable, Equatable {
        /// The feed's own identity for the item: RSS `guid`, Atom `id`, else the link, else title and date.
        var id: String
        var title: String
        var link: String?
        var author: String?
        var date: Date?
    }

    var title: String
    var items: [Item]

    init(title: String, items: [Item]) {
        self.title = title
        self.items = items
    }

    /// Reads `data` with FoundationXML's parser (external entities never resolved); throws ``FeedReadError`` naming
    /// what is wrong: not XML, or XML that is neither RSS nor Atom.
    init(data: Data) throws {
        let reader = FeedXMLReader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let parsed = parser.parse()
        if let refusal = reader.refusal { throw refusal }
        guard parsed else {
            let code = parser.parserError.map { " \(($0 as NSError).code)" } ?? ""
            throw FeedReadError(reason: "not well-formed XML: parser error\(code) at line \(parser.lineNumber)")
        }
        guard reader.kind != nil else { throw FeedReadError(reason: "the document is empty") }
        // FoundationXML on Linux takes a document cut off inside an element as complete.
        if let open = reader.openElement {
            throw FeedReadError(reason: "not well-formed XML: the document ends inside <\(open)>")
        }
        title = reader.title
        items = reader.items
    }
}

/// Why a feed's document could not be read.
struct FeedReadError: Error, Sendable, Equatable, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

/// The SAX delegate that gathers a feed's title and items.
private final class FeedXMLReader: NSObject, XMLParserDelegate {
    enum Kind { case rss, rdf, atom }
    static let atom = "http://www.w3.org/2005/Atom"
    static let rss1 = "http://purl.org/rss/1.0/"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    private(set) var kind: Kind?
    private(set) var title = ""
    private(set) var items: [FeedDocument.Item] = []
    private(set) var refusal: FeedReadError?
    /// The innermost element not closed yet; nil once the document is complete.
    var openElement: String? { path.last?.name }

    /// The open elements, outermost first: namespace and local name.
    private var path: [(namespace: String, name: String)] = []
    /// The depth of the item being read (its element's index in `path`), if any.
    private var itemDepth: Int?
    private var fields = ItemFields()
    /// The text of the element being captured, and where it goes.
    private var capture: (field: Field, depth: Int, html: Bool)?
    private var text = ""

    private enum Field { case feedTitle, title, link, id, date, author }

    /// What an item's elements said, before it is turned into an ``FeedDocument/Item``.
    private struct ItemFields {
        var title = "", link: String?, alternateLink: String?, id: String?, published: String?, updated: String?, author: String?
        var guidIsNotPermalink = false
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let namespace = namespaceURI ?? ""
        defer { path.append((namespace, name)) }
        guard let kind else {
            switch (namespace, name) {
            case ("", "rss"): kind = .rss
            case (Self.rdf, "RDF"): kind = .rdf
            case (Self.atom, "feed"): kind = .atom
            default:
                refusal = FeedReadError(reason: "not an RSS or Atom feed: the document is <\(name)>")
                parser.abortParsing()
            }
            return
        }
        guard capture == nil else { return }
        let depth = path.count
        let own = kind == .atom ? Self.atom : (kind == .rdf ? Self.rss1 : "")
        if let itemDepth {
            guard depth == itemDepth + 1 else {
                // Atom's <author><name>: the name of the entry's author.
                if kind == .atom, depth == itemDepth + 2, namespace == Self.atom, name == "name", path.last?.name == "author" {
                    begin(.author, depth: depth)
                }
                return
            }
            switch (namespace, name) {
            case (own, "title"): begin(.title, depth: depth, html: kind == .atom && attributes["type"] != nil && attributes["type"] != "text")
            case (own, "link") where kind == .atom:
                let rel = attributes["rel"] ?? "alternate"
                if rel == "alternate", let href = attributes["href"], fields.alternateLink == nil { fields.alternateLink = href }
                if fields.link == nil, let href = attributes["href"] { fields.link = href }
            case (own, "link"): begin(.link, depth: depth)
            case ("", "guid") where kind == .rss:
                fields.guidIsNotPermalink = attributes["isPermaLink"]?.lowercased() == "false"
                begin(.id, depth: depth)
            case (Self.atom, "id"): begin(.id, depth: depth)
            case ("", "pubDate") where kind == .rss, (Self.atom, "published"), (Self.dublinCore, "date"): begin(.date, depth: depth)
            case (Self.atom, "updated"): begin(.date, depth: depth)
            case ("", "author") where kind == .rss, (Self.dublinCore, "creator"): begin(.author, depth: depth)
            default: break
            }
            return
        }
        let isItem = (kind == .atom && namespace == Self.atom && name == "entry") || (kind != .atom && namespace == own && name == "item")
        if isItem {
            itemDepth = depth
            fields = ItemFields()
            // An RSS 1.0 item is identified by its rdf:about.
            if kind == .rdf { fields.id = attributes["rdf:about"] ?? attributes["about"] }
            return
        }
        // The feed's title: <feed><title> (Atom), <rss><channel><title>, <rdf:RDF><channel><title>.
        let parentIsChannel = path.last?.name == (kind == .atom ? "feed" : "channel")
        if namespace == own, name == "title", parentIsChannel, depth == (kind == .atom ? 1 : 2) {
            begin(.feedTitle, depth: depth)
        }
    }

    private func begin(_ field: Field, depth: Int, html: Bool = false) {
        capture = (field, depth, html)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capture != nil { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        if capture != nil { text += String(decoding: block, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        path.removeLast()
        let depth = path.count
        if let capture, capture.depth == depth {
            store(capture.html ? Self.strippingTags(text) : text, in: capture.field, element: name)
            self.capture = nil
        }
        if let itemDepth, itemDepth == depth {
            items.append(item(from: fields))
            self.itemDepth = nil
        }
    }

    private func store(_ raw: String, in field: Field, element: String) {
        let value = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !value.isEmpty else { return }
        switch field {
        case .feedTitle: title = value
        case .title: fields.title = value
        case .link: fields.link = value
        case .id: fields.id = value
        case .date: if element == "updated" { fields.updated = value } else { fields.published = value }
        case .author: fields.author = value
        }
    }

    private func item(from fields: ItemFields) -> FeedDocument.Item {
        // An RSS guid that is a permalink (the default) is the item's link when it has no <link>.
        let guidLink = fields.id.flatMap { $0.lowercased().hasPrefix("http") && !fields.guidIsNotPermalink ? $0 : nil }
        let link = fields.alternateLink ?? fields.link ?? guidLink
        let dateText = fields.published ?? fields.updated
        let date = dateText.flatMap(FeedDate.parse)
        // Without an id, items that share a page (a changelog's entries, say) are told apart by their titles.
        let id = fields.id ?? "\(link ?? "")|\(fields.title)"
        return FeedDocument.Item(id: id, title: fields.title.isEmpty ? "(untitled)" : fields.title, link: link,
                                 author: fields.author, date: date)
    }

    /// `html` as text (Atom titles of type `html` or `xhtml`): tags dropped, then the entities of the markup decoded.
    static func strippingTags(_ html: String) -> String {
        HTMLEntities.decode(html.replacing(/<[^>]*>/, with: ""))
    }
}
