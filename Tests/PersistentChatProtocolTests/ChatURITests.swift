import Foundation
import PersistentChatProtocol
import Testing

/// Room and category URIs: one type, two schemes.
@Suite struct ChatURITests {
    static let guid = "11111111-2222-3333-4444-555555555555"

    @Test func categoryURIsParseLikeRoomURIs() throws {
        let category = try #require(CategoryURI("MA-CAT://Contoso.com/\(Self.guid.uppercased())"))
        #expect(category.domain == "contoso.com")
        #expect(category.id == UUID(uuidString: Self.guid))
        #expect(category.description == "ma-cat://contoso.com/\(Self.guid)")
        #expect(CategoryURI("ma-cat://contoso.com/x/\(Self.guid)") == nil)
        #expect(CategoryURI("ma-cat:///\(Self.guid)") == nil)
    }

    @Test func eachKindTakesOnlyItsOwnScheme() {
        #expect(CategoryURI("ma-chan://contoso.com/\(Self.guid)") == nil)
        #expect(ChatRoomURI("ma-cat://contoso.com/\(Self.guid)") == nil)
        #expect(ChatRoomURI("ma-chan://contoso.com/\(Self.guid)")?.description == "ma-chan://contoso.com/\(Self.guid)")
    }

    @Test func equalityAndHashingFollowDomainAndGUID() throws {
        let id = try #require(UUID(uuidString: Self.guid))
        let lower = ChatRoomURI(domain: "contoso.com", id: id)
        let upper = ChatRoomURI(domain: "CONTOSO.com", id: id)
        #expect(lower == upper)
        #expect(Set([lower, upper]).count == 1)
        #expect(ChatRoomURI(domain: "fabrikam.com", id: id) != lower)
        #expect(ChatRoomURI(domain: "contoso.com", id: UUID()) != lower)
    }

    @Test func codableAsText() throws {
        let category = try #require(CategoryURI("ma-cat://contoso.com/\(Self.guid)"))
        let data = try JSONEncoder().encode([category])
        #expect(try JSONDecoder().decode([String].self, from: data) == ["ma-cat://contoso.com/\(Self.guid)"])
        #expect(try JSONDecoder().decode([CategoryURI].self, from: data) == [category])
    }

    @Test func decodingErrorsNameTheScheme() {
        let text = Data(#"["ma-chan://contoso.com/\#(Self.guid)"]"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CategoryURI].self, from: text) }
        do {
            _ = try JSONDecoder().decode([CategoryURI].self, from: text)
            Issue.record("a room URI was read as a category")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == "'ma-chan://contoso.com/\(Self.guid)' is not a ma-cat:// category URI")
        } catch {
            Issue.record("unexpected error \(error)")
        }
        do {
            _ = try JSONDecoder().decode([ChatRoomURI].self, from: Data(#"["nope"]"#.utf8))
            Issue.record("'nope' was read as a room URI")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == "'nope' is not a ma-chan:// room URI")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
