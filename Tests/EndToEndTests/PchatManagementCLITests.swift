import Foundation
import PersistentChat
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The pchat executable's management, search, invitation, user and story subcommands against a real server.
@Suite struct PchatManagementCLITests {
    typealias Run = PchatProcess.Run

    /// Runs pchat as `user` (e.g. "alice") against `server`, with `input` on standard input.
    func pchat(_ server: TestServer, _ user: String, _ arguments: [String], input: String? = nil) async throws -> Run {
        try await PchatProcess.run(["--server", server.url, "--user", "sip:\(user)@contoso.com"] + arguments, input: input)
    }

    // MARK: Rooms and roles

    @Test func createGrantListUpdateAndRevoke() async throws {
        try await withTestServer { server in
            let created = try await pchat(server, "alice", [
                "create-room", "cli-room", "--category", "help", "--description", "made by pchat", "--privacy", "open",
                "--member", "sip:carol@contoso.com",
            ])
            #expect(created.status == 0, "\(created.stderr)")
            let uri = try #require(ChatRoomURI(created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))

            let granted = try await pchat(server, "alice", ["grant", "cli-room", "member", "sip:bob@contoso.com"])
            #expect(granted.status == 0, "\(granted.stderr)")
            #expect(granted.stdout == "granted member to sip:bob@contoso.com in cli-room\n")
            let presenter = try await pchat(server, "alice", ["--json", "grant", uri.description, "presenter", "sip:bob@contoso.com"])
            #expect(presenter.status == 0, "\(presenter.stderr)")
            #expect(presenter.objects.first?["role"] as? String == "presenter")

            let members = try await pchat(server, "bob", ["members", "cli-room"])
            #expect(members.status == 0, "\(members.stderr)")
            #expect(members.stdout.contains("members of cli-room (3):\n"))
            #expect(members.stdout.contains("managers of cli-room (1):\n  sip:alice@contoso.com\tlocalUser\tadded by sip:alice@contoso.com on "))
            #expect(members.stdout.contains("presenters of cli-room (1):\n  sip:bob@contoso.com\tlocalUser\tadded by sip:alice@contoso.com on "))
            #expect(members.stdout.contains("  sip:carol@contoso.com\tlocalUser\t"))

            let json = try await pchat(server, "alice", ["members", "cli-room", "--role", "member", "--json"])
            #expect(json.status == 0, "\(json.stderr)")
            let principals = json.objects.compactMap { $0["principal"] as? String }
            #expect(Set(principals) == ["sip:alice@contoso.com", "sip:bob@contoso.com", "sip:carol@contoso.com"])
            #expect(json.objects.allSatisfy { $0["role"] as? String == "member" && $0["type"] as? String == "localUser" })
            #expect(json.objects.allSatisfy { $0["addedBy"] as? String == "sip:alice@contoso.com" && $0["addedOn"] is String })
            // Role entries from the configuration have no audit.
            let configured = try await pchat(server, "alice", ["--json", "members", "help-desk", "--role", "member"])
            #expect(configured.objects.first?["type"] as? String == "directoryGroup")
            #expect(configured.objects.first?["addedOn"] is NSNull)

            let updated = try await pchat(server, "alice", ["update-room", "cli-room", "--description", "changed", "--auditorium", "--json"])
            #expect(updated.status == 0, "\(updated.stderr)")
            let settings = try #require(updated.objects.first)
            #expect(settings["description"] as? String == "changed")
            #expect(settings["behavior"] as? String == "auditorium")
            #expect(settings["privacy"] as? String == "open") // unchanged
            #expect(settings["invitations"] as? String == "inherit")

            let disabled = try await pchat(server, "alice", ["update-room", "cli-room", "--disable"])
            #expect(disabled.status == 0, "\(disabled.stderr)")
            #expect(disabled.stdout.contains("disabled"))
            for user in ["alice", "bob"] {
                let rooms = try await pchat(server, user, ["rooms"])
                #expect(rooms.status == 0)
                #expect(rooms.stdout.contains("help-desk"))
                #expect(!rooms.stdout.contains("cli-room"))
            }
            // Its manager can still find it by name and enable it again.
            let enabled = try await pchat(server, "alice", ["update-room", "cli-room", "--enable", "--normal", "--invitations", "false"])
            #expect(enabled.status == 0, "\(enabled.stderr)")
            #expect(try await pchat(server, "bob", ["rooms"]).stdout.contains("cli-room"))

            let revoked = try await pchat(server, "alice", ["revoke", "cli-room", "member", "sip:bob@contoso.com"])
            #expect(revoked.status == 0, "\(revoked.stderr)")
            #expect(revoked.stdout == "revoked member from sip:bob@contoso.com in cli-room\n")
            let after = try await pchat(server, "alice", ["--json", "members", "cli-room"])
            #expect(!after.stdout.contains("sip:bob@contoso.com")) // no longer a member, hence no longer a presenter
            #expect(after.objects.count == 3) // alice and carol members, alice manager
        }
    }

    // MARK: Search

    @Test func searchPrintsMatchesAndSkipsRoomsItMayNotRead() async throws {
        try await withTestServer { server in
            for text in ["deploy the widget", "unrelated", "widget is ready"] {
                #expect(try await pchat(server, "alice", ["post", "team", text]).status == 0)
            }
            let closed = try await pchat(server, "alice", ["create-room", "widget-lab", "--category", "Help", "--privacy", "closed"])
            #expect(closed.status == 0, "\(closed.stderr)")
            #expect(try await pchat(server, "alice", ["post", "widget-lab", "secret widget plans"]).status == 0)

            // Every room bob can see: widget-lab is closed to him and skipped quietly.
            let all = try await pchat(server, "bob", ["search", "widget"])
            #expect(all.status == 0, "\(all.stderr)")
            #expect(all.lines.count == 3)
            #expect(all.lines[0].hasPrefix("team [") && all.lines[0].hasSuffix("sip:alice@contoso.com: deploy the widget"))
            #expect(all.lines[1].hasSuffix(": widget is ready"))
            #expect(all.lines[2].hasPrefix("2 matches in ") && all.lines[2].hasSuffix("; 1 skipped (members only)"))
            #expect(!all.stdout.contains("secret"))
            #expect(all.stderr.isEmpty)

            // Named rooms: the refused one is reported, the others still searched, and the exit status says so.
            let named = try await pchat(server, "bob", ["search", "widget", "--room", "widget-lab", "--room", "team"])
            #expect(named.status == 1)
            #expect(named.lines.count == 3)
            #expect(named.lines[2] == "2 matches in 1 room; 1 skipped (members only)")
            #expect(named.stderr.contains("skipped widget-lab"))
            #expect(named.stderr.contains("ErrorPermission, room.membersOnly"))

            // One page of one, newest first, as JSON: the count says there is more.
            let page = try await pchat(server, "bob", ["--json", "search", "widget", "--room", "team", "--limit", "1", "--newest-first"])
            #expect(page.status == 0, "\(page.stderr)")
            #expect(page.objects.count == 2)
            #expect(page.objects[0]["text"] as? String == "widget is ready")
            #expect(page.objects[0]["room"] as? String == "team")
            #expect(page.objects[1]["matches"] as? Int == 2)
            #expect(page.objects[1]["shown"] as? Int == 1)
            #expect(page.objects[1]["more"] as? Bool == true)
            let pageText = try await pchat(server, "bob", ["search", "widget", "--room", "team", "--limit", "1"])
            #expect(pageText.lines.last == "2 matches in 1 room, 1 shown; more: use --all-pages")

            let every = try await pchat(server, "bob", ["search", "widget", "--room", "team", "--limit", "1", "--all-pages", "--json"])
            #expect(every.status == 0, "\(every.stderr)")
            #expect(every.objects.compactMap { $0["text"] as? String } == ["deploy the widget", "widget is ready"])
            #expect(every.objects.last?["more"] as? Bool == false)
            #expect(every.objects.last?["shown"] as? Int == 2)

            let phrase = try await pchat(server, "bob", ["search", "the widget", "--exact", "--room", "team"])
            #expect(phrase.lines.count == 2)
            let caseSensitive = try await pchat(server, "bob", ["search", "Widget", "--case-sensitive", "--room", "team"])
            #expect(caseSensitive.lines == ["0 matches in 1 room"])
            let byBob = try await pchat(server, "bob", ["search", "widget", "--room", "team", "--author", "sip:bob@contoso.com"])
            #expect(byBob.lines == ["0 matches in 1 room"])
            let future = try await pchat(server, "bob", ["search", "widget", "--room", "team", "--since", "2999-01-01"])
            #expect(future.lines == ["0 matches in 1 room"])
            let past = try await pchat(server, "bob", ["search", "widget", "--room", "team", "--until", "2000-01-01T00:00:00Z"])
            #expect(past.lines == ["0 matches in 1 room"])

            let badDate = try await pchat(server, "bob", ["search", "widget", "--since", "yesterday"])
            #expect(badDate.status == 64)
            #expect(badDate.stderr.contains("ISO 8601"))
        }
    }

    // MARK: Invitations

    @Test func invitationsListAndWatchGrants() async throws {
        try await withTestServer { server in
            #expect(try await pchat(server, "alice", ["create-room", "invite-lab", "--category", "Help"]).status == 0)
            let none = try await pchat(server, "bob", ["invitations"])
            #expect(none.status == 0, "\(none.stderr)")
            #expect(none.stdout == "0 invitations; next time: --since 0\n")

            try await withLiveProcess(try PchatProcess.binary, ["invitations", "--watch", "--server", server.url, "--user", "sip:bob@contoso.com"]) { watcher in
                #expect(await watcher.waitFor(.stderr, containing: "watching for invitations"))
                let granted = try await pchat(server, "alice", ["grant", "invite-lab", "member", "sip:bob@contoso.com"])
                #expect(granted.status == 0, "\(granted.stderr)")
                #expect(await watcher.waitFor(.stdout, containing: "invite-lab"))
                watcher.interrupt()
                #expect(await watcher.exitStatus() == 0)
                #expect(listedLine(watcher.stdout).contains("invite-lab\tclosed\tma-chan://contoso.com/"))
                #expect(watcher.stdout.hasPrefix("#"))
            }

            let listed = try await pchat(server, "bob", ["--json", "invitations"])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.objects.count == 2)
            #expect(listed.objects[0]["room"] as? String == "invite-lab")
            #expect(listed.objects[0]["category"] as? String == "Help")
            let last = try #require(listed.objects[1]["lastInviteId"] as? Int)
            #expect(listed.objects[0]["id"] as? Int == last)
            let text = try await pchat(server, "bob", ["invitations"])
            #expect(text.stdout.hasSuffix("\n1 invitation; next time: --since \(last)\n"))
            let later = try await pchat(server, "bob", ["invitations", "--since", "\(last)"])
            #expect(later.stdout == "0 invitations; next time: --since \(last)\n")

            // A room that sends no invitations.
            let quiet = try await pchat(server, "alice", ["create-room", "quiet-lab", "--category", "Help", "--no-invitations",
                                                           "--member", "sip:bob@contoso.com"])
            #expect(quiet.status == 0, "\(quiet.stderr)")
            #expect(try await pchat(server, "bob", ["invitations", "--since", "\(last)"]).stdout.hasPrefix("0 invitations"))
        }
    }

    /// `tail` prints new messages and ends cleanly on SIGINT.
    @Test func tailEndsOnInterrupt() async throws {
        try await withTestServer { server in
            #expect(try await pchat(server, "alice", ["post", "team", "before tail"]).status == 0)
            try await withLiveProcess(try PchatProcess.binary, ["tail", "team", "--server", server.url, "--user", "sip:bob@contoso.com"]) { tail in
                #expect(await tail.waitFor(.stdout, containing: "before tail"))
                let during = try await pchat(server, "alice", ["post", "team", "during tail"])
                #expect(during.status == 0)
                #expect(await tail.waitFor(.stdout, containing: "during tail"))
                tail.interrupt()
                #expect(await tail.exitStatus() == 0)
                #expect(tail.stderr.isEmpty)
            }
        }
    }

    // MARK: Users and stories

    @Test func usersAreFoundByNameOrEmail() async throws {
        try await withTestServer { server in
            let byLast = try await pchat(server, "bob", ["users", "--last", "tester"])
            #expect(byLast.status == 0, "\(byLast.stderr)")
            #expect(byLast.stdout.contains("Alice Tester\tsip:alice@contoso.com\tCN=Alice,OU=Staff,DC=contoso,DC=com"))
            #expect(byLast.stdout.contains("sip:carol@contoso.com"))
            let json = try await pchat(server, "bob", ["--json", "users", "--email", "echobot"])
            #expect(json.status == 0, "\(json.stderr)")
            #expect(json.objects.count == 1)
            #expect(json.objects.first?["uri"] as? String == "sip:echobot@contoso.com")
            #expect(json.objects.first?["type"] as? String == "localUser")
            let nothing = try await pchat(server, "bob", ["users"])
            #expect(nothing.status == 64)
            #expect(nothing.stderr.contains("--last, --first or --email"))
        }
    }

    @Test func uploadThenDownloadByMessageId() async throws {
        try await withTestServer { server in
            let source = server.folder.appendingPathComponent("notes.txt")
            let content = String(repeating: "line of notes\n", count: 40_000)
            try content.write(to: source, atomically: true, encoding: .utf8)
            let upload = try await pchat(server, "alice", ["upload", "team", source.path, "--json"])
            #expect(upload.status == 0, "\(upload.stderr)")
            let posted = try #require(upload.objects.first)
            let id = try #require(posted["id"] as? Int)
            #expect((posted["uri"] as? String)?.hasPrefix("ma-filelink://") == true)

            let target = server.folder.appendingPathComponent("copy.txt")
            let download = try await pchat(server, "bob", ["download", "team", "\(id)", "--output", target.path])
            #expect(download.status == 0, "\(download.stderr)")
            #expect(download.stderr.contains("100%"))
            #expect(try String(contentsOf: target, encoding: .utf8) == content)

            // Not a file message, and a room without file posts: clear refusals, nothing written.
            let post = try await pchat(server, "alice", ["post", "team", "just text", "--json"])
            let textId = try #require(post.objects.first?["id"] as? Int)
            let notAFile = try await pchat(server, "bob", ["download", "team", "\(textId)", "--output", target.path + ".2"])
            #expect(notAFile.status != 0 && notAFile.stderr.contains("carries no file"))
            let refused = try await pchat(server, "alice", ["upload", "quiet", source.path])
            #expect(refused.status == 1 && refused.stderr.contains("file.postNotAllowed"))
        }
    }

    @Test func storiesArePostedFromArgumentsOrStandardInput() async throws {
        try await withTestServer { server in
            let given = try await pchat(server, "alice", ["story", "team", "Release notes", "Version 2 is out.", "--alert"])
            #expect(given.status == 0, "\(given.stderr)")
            #expect(given.stdout.hasPrefix("posted story #"))
            let piped = try await pchat(server, "alice", ["--json", "story", "team", "From stdin"], input: "line one\nline two\n")
            #expect(piped.status == 0, "\(piped.stderr)")
            #expect(piped.objects.first?["title"] as? String == "From stdin")
            let dash = try await pchat(server, "alice", ["story", "team", "Dash", "-"], input: "dashed body")
            #expect(dash.status == 0, "\(dash.stderr)")

            let history = try await pchat(server, "bob", ["history", "team", "--json", "--last", "3"])
            let stories = history.objects
            #expect(stories.compactMap { $0["storyTitle"] as? String } == ["Release notes", "From stdin", "Dash"])
            #expect(stories.compactMap { $0["text"] as? String } == ["Version 2 is out.", "line one\nline two", "dashed body"])
            #expect(stories.first?["alert"] as? Bool == true)
            let text = try await pchat(server, "bob", ["history", "team", "--last", "1"])
            #expect(text.stdout.hasSuffix("sip:alice@contoso.com (story \"Dash\"): dashed body\n"))

            let empty = try await pchat(server, "alice", ["story", "team", "No body"], input: "  \n")
            #expect(empty.status == 1)
            #expect(empty.stderr.contains("a story needs a body"))
        }
    }

    // MARK: Failures

    @Test func refusalsAndUsageErrors() async throws {
        try await withTestServer { server in
            // A category alice may not create in, by name and by URI: the server's reason on stderr.
            let byName = try await pchat(server, "alice", ["create-room", "nope", "--category", "unlogged"])
            #expect(byName.status == 1)
            #expect(byName.stdout.isEmpty)
            #expect(byName.stderr.contains("ErrorPermission, category.noCreateRights"))
            let endpoint = try await server.connect("alice")
            let unlogged = try await endpoint.persistentChatServices.chatRoomManagementServices.getChatRoom(named: "quiet").parentCategoryUri
            await endpoint.terminate()
            let byUri = try await pchat(server, "alice", ["create-room", "nope", "--category", unlogged.description])
            #expect(byUri.status == 1)
            #expect(byUri.stderr.contains("ErrorPermission, category.noCreateRights"))
            let bob = try await pchat(server, "bob", ["create-room", "nope", "--category", "Help"])
            #expect(bob.status == 1)
            #expect(bob.stderr.contains("category.noCreateRights"))
            let nowhere = try await pchat(server, "alice", ["create-room", "nope", "--category", "Nowhere"])
            #expect(nowhere.status == 1)
            #expect(nowhere.stderr == "pchat: no category named 'Nowhere' where you may create rooms; you may in: Help, Projects, Support Only\n")
            let duplicate = try await pchat(server, "alice", ["create-room", "TEAM", "--category", "Help"])
            #expect(duplicate.status == 1)
            #expect(duplicate.stderr.contains("DuplicateRoomName"))

            let notManager = try await pchat(server, "bob", ["grant", "team", "member", "sip:carol@contoso.com"])
            #expect(notManager.status == 1)
            #expect(notManager.stderr.contains("ErrorPermission, room.notManager"))
            let noRoom = try await pchat(server, "alice", ["members", "no-such-room"])
            #expect(noRoom.status == 1)
            #expect(noRoom.stderr.contains("room.noSuchRoom"))

            let role = try await pchat(server, "alice", ["grant", "team", "owner", "sip:bob@contoso.com"])
            #expect(role.status == 64)
            #expect(role.stderr.contains("owner"))
            #expect(role.stderr.contains("Usage:"))
            let creator = try await pchat(server, "alice", ["members", "team", "--role", "creator"])
            #expect(creator.status == 64)
            let principal = try await pchat(server, "alice", ["grant", "team", "member", "bob"])
            #expect(principal.status == 64)
            #expect(principal.stderr.contains("neither a sip: URI nor a distinguished name"))
            let nothing = try await pchat(server, "alice", ["update-room", "team"])
            #expect(nothing.status == 64)
            #expect(nothing.stderr.contains("nothing to change"))
            let both = try await pchat(server, "alice", ["update-room", "team", "--disable", "--enable"])
            #expect(both.status == 64)
            let privacy = try await pchat(server, "alice", ["create-room", "x", "--category", "Help", "--privacy", "hidden"])
            #expect(privacy.status == 64)
        }
    }
}

/// The first line of some output.
private func listedLine(_ output: String) -> String { String(output.split(separator: "\n").first ?? "") }
