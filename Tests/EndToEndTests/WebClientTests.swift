import BotKitTesting
import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// The web client in a real headless Chromium against a real pchatd over loopback: live order across browsers and the
/// SDK, scroll-back, what secret rooms and auditoriums show, files, a bot's reply, sign-in refusals, and screenshots
/// of each main view under `.build/test-output/WebClientTests/`.
@Suite(.serialized) struct WebClientTests {
    static let suite = "WebClientTests"

    @Test func twoBrowsersAndAnSDKClientSeeEachOthersPostsLiveInOrder() async throws {
        try await withTestServer { server in
            let (_, sdk) = try await server.join("alice", "team")
            try await Self.withPages(2, server) { pages in
                let (alice, bob) = (pages[0], pages[1])
                try await alice.browser.navigate(to: alice.base + "/")
                _ = try await alice.browser.waitForElement("form#sign-in")
                try await alice.screenshot("sign-in")
                try await alice.signIn("alice")
                try await bob.signIn("bob")
                try await alice.openRoom("team")
                try await bob.openRoom("team")
                let heardLive = Task { await firstN(2, sdk.messages, within: 30) { $0.messageContent.hasSuffix("browser") } }
                try await alice.post("hello from alice's browser")
                try await bob.waitForMessage("hello from alice's browser")
                try await bob.post("hello from bob's browser")
                try await alice.waitForMessage("hello from bob's browser")
                _ = try await sdk.sendChatMessage("hello from the SDK")
                let expected = ["hello from alice's browser", "hello from bob's browser", "hello from the SDK"]
                let stored = try await sdk.getRecentChatHistory(3)
                #expect(stored.map(\.messageContent) == expected)
                for page in [alice, bob] {
                    let shown = try await page.waitForMessage("hello from the SDK")
                    #expect(shown.map(\.body) == expected, "\(shown)")
                    #expect(shown.map(\.id) == stored.map(\.messageId))
                }
                // The SDK client heard both browsers, live and in order.
                let heard = await heardLive.value
                #expect(heard.map(\.messageContent) == ["hello from alice's browser", "hello from bob's browser"])
                #expect(heard.map(\.messageAuthor.value) == ["sip:alice@contoso.com", "sip:bob@contoso.com"])
                try await alice.screenshot("room")
                #expect(try await alice.foreignRequests().isEmpty)
            }
        }
    }

    @Test func scrollingBackOverFiveHundredMessagesShowsEachOnceInOrder() async throws {
        try await withTestServer { server in
            let (_, sdk) = try await server.join("bob", "team")
            let count = 520
            for number in 1...count { _ = try await sdk.sendChatMessage("line \(number)") }
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("alice")
                try await page.openRoom("team")
                try await page.waitForMessage("line \(count)")
                let all = try await browser.waitFor("every message after scrolling back", timeout: .seconds(60)) {
                    _ = try await browser.executeScript("document.querySelector('#messages').scrollTop = 0")
                    let shown = try await page.messages()
                    return shown.count >= count && shown.first?.body == "line 1" ? shown : nil
                }
                #expect(all.map(\.body) == (1...count).map { "line \($0)" })
                #expect(Set(all.map(\.id)).count == all.count)
                #expect(all.map(\.id) == all.map(\.id).sorted())
                // Scrolling on adds nothing: there is nothing older.
                _ = try await browser.executeScript("document.querySelector('#messages').scrollTop = 0")
                try await Task.sleep(for: .milliseconds(500))
                #expect(try await page.messages().count == count)
            }
        }
    }

    @Test func aSecretRoomNeverShowsForANonMemberAndAnAuditoriumSaysWhyTheBoxIsOff() async throws {
        try await withTestServer { server in
            let (_, secret) = try await server.join("alice", "support-team")
            let secretURI = try #require(secret.chatRoomUri).description
            try await Self.withPages(1, server) { pages in
                let bob = pages[0], browser = bob.browser
                try await bob.signIn("bob")
                try await browser.navigate(to: bob.base + "/#/browse")
                let criteria = try await browser.waitForElement("form#browse input[name=criteria]")
                try await criteria.sendKeys("team" + Keys.enter)
                // Read in one go: the list is drawn again when the answer comes.
                let names = try await browser.waitFor("browse results naming team", timeout: .seconds(15)) {
                    let texts = try await browser.executeScript(
                        "return Array.from(document.querySelectorAll('ul#browse-results > li[data-room-uri]')).map(li => li.textContent)")
                    let names = (texts.array ?? []).compactMap(\.string)
                    return names.contains { $0.contains("closed team room") } ? names : nil
                }
                #expect(names.contains { $0.contains("team") })
                #expect(!names.contains { $0.contains("support-team") }, "\(names)")
                try await bob.screenshot("browse")
                // Its address leads nowhere either.
                try await browser.navigate(to: bob.base + "/#/room/" + WebClientPage.encoded(secretURI))
                try await browser.waitUntil("the client to say there is no such room", timeout: .seconds(15)) {
                    let text = try await browser.find("body").text.lowercased()
                    return text.contains("no such room") || text.contains("does not exist")
                }
                #expect(try await browser.find("body").text.contains("support-team") == false)

                try await bob.openRoom(uri: try Self.uri(of: "announcements", server), name: "announcements")
                let box = try await browser.waitForElement("form#composer textarea[name=text]")
                try await browser.waitUntil("the composer to be disabled") { try await !box.isEnabled }
                let note = try await browser.find("#composer-note").text
                #expect(note.lowercased().contains("presenter"), "\(note)")
                try await bob.screenshot("auditorium")
            }
        }
    }

    @Test func aFileUploadedInTheBrowserIsDownloadedByPchatWithTheSameBytes() async throws {
        try await withTestServer { server in
            let bytes = (0..<(2 * 1024 * 1024 + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
            let file = server.folder.appendingPathComponent("quarterly report.bin")
            try Data(bytes).write(to: file)
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("alice")
                try await page.openRoom("team")
                try await browser.find("input#file-input").setFile(file)
                let link = try await browser.waitForElement("#messages a.file-link", timeout: .seconds(30))
                #expect(try await link.text.contains("quarterly report.bin"))
                try await page.screenshot("file")
            }
            let messageId = try #require(try await server.connect("bob").persistentChatServices
                .getRecentChatHistory(room: .name("team"), count: 1).first?.messageId)
            let target = server.folder.appendingPathComponent("downloaded.bin")
            let run = try await PchatProcess.run(["download", "team", String(messageId), "-o", target.path,
                                                  "--server", server.url, "--user", "sip:bob@contoso.com"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try Data(contentsOf: target) == Data(bytes))
        }
    }

    @Test func anUploadShowsItsProgressAndCancellingItPostsNothing() async throws {
        try await withTestServer { server in
            let file = server.folder.appendingPathComponent("large.bin")
            try Data(count: 6 * 1024 * 1024).write(to: file)
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("alice")
                try await page.openRoom("team")
                // Over loopback the upload takes milliseconds, too quick for a click from here: the page itself
                // records the progress bar and presses Cancel at its first step, as a person watching it would.
                try await browser.executeScript("""
                    const bar = document.getElementById('upload-progress');
                    window.seenProgress = [];
                    new MutationObserver(() => {
                      const share = bar.value / bar.max;
                      window.seenProgress.push(share);
                      if (share > 0 && share < 1 && !window.cancelPressed) {
                        window.cancelPressed = true;
                        document.getElementById('upload-cancel').click();
                      }
                    }).observe(bar, {attributes: true, attributeFilter: ['value']});
                    """)
                try await browser.find("input#file-input").setFile(file)
                try await browser.waitUntil("Cancel to be pressed", timeout: .seconds(20)) {
                    try await browser.executeScript("return window.cancelPressed === true").bool == true
                }
                let progress = try await browser.find("progress#upload-progress")
                try await browser.waitUntil("the progress bar to go", timeout: .seconds(10)) { try await !progress.isDisplayed }
                let seen = (try await browser.executeScript("return window.seenProgress").array ?? []).compactMap(\.double)
                #expect(seen.contains { $0 > 0 && $0 < 1 }, "\(seen)")
                // Nothing was posted: the next message is the only one in the room.
                try await page.post("after the cancelled upload")
                try await page.waitForMessage("after the cancelled upload")
                #expect(try await browser.findAll("#messages a.file-link").isEmpty)
                let history = try await server.connect("bob").persistentChatServices.getRecentChatHistory(room: .name("team"), count: 5)
                #expect(history.map(\.messageContent) == ["after the cancelled upload"])
            }
        }
    }

    @Test func alertsStoriesAndFormattedPartsAreShownAsSuchAndPostedAsChosen() async throws {
        try await withTestServer { server in
            let (alice, sdk) = try await server.join("alice", "team")
            let helpDesk = try await alice.persistentChatServices.chatRoomManagementServices.getChatRoom(named: "help-desk")
            _ = try await sdk.sendChatMessage("the build is red", alert: true)
            _ = try await sdk.sendChatMessage(storyTitle: "Release notes", content: "Version 2 ships on Friday.")
            var formatted = FormattedOutboundChatMessage()
            formatted.appendPlainText("see ")
            formatted.appendHyperLink("the runbook", url: "https://runbook.contoso.com/deploy")
            formatted.appendPlainText(" and ask in ")
            formatted.appendChatRoomLink(helpDesk.summary)
            formatted.appendEmoticon(.smile)
            _ = try await sdk.sendChatMessage(formatted)
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("bob")
                try await page.openRoom("team")
                try await page.waitForMessage("Version 2 ships on Friday.")
                let alert = try await browser.waitForElement("#messages li.message.alert")
                #expect(try await alert.find(".body").text == "the build is red")
                let story = try await browser.find("#messages li.message.story")
                #expect(try await story.find(".story-title").text == "Release notes")
                let link = try await browser.waitForElement("#messages a.hyperlink")
                #expect(try await link.attribute("href") == "https://runbook.contoso.com/deploy")
                #expect(try await link.attribute("rel")?.contains("noopener") == true)
                #expect(try await link.text == "the runbook")
                #expect(try await browser.findAll("#messages span.emoticon").count == 1)
                let roomLink = try await browser.find("#messages a.room-link-part")
                #expect(try await roomLink.text.contains("help-desk"))
                try await page.screenshot("formatted")
                try await roomLink.click()
                try await page.waitForRoomView("help-desk")

                // bob posts an alert and a story from the composer; the SDK client reads them as such.
                try await page.openRoom("team")
                let heard = Task { await firstN(2, sdk.messages, within: 30) { $0.messageAuthor.value == "sip:bob@contoso.com" } }
                try await browser.find("form#composer select[name=kind] option[value=alert]").click()
                try await page.post("the build is green again")
                try await page.waitForMessage("the build is green again")
                try await browser.find("form#composer select[name=kind] option[value=story]").click()
                let title = try await browser.waitForElement("form#composer input[name=story-title]")
                try await title.sendKeys("Post-mortem")
                let box = try await browser.find("form#composer textarea[name=text]")
                try await box.sendKeys("A flaky test, now fixed.")
                try await browser.find("form#composer button[type=submit]").click()
                let messages = await heard.value
                #expect(messages.map(\.isAlert) == [true, false])
                #expect(messages.map(\.storyTitle) == [nil, "Post-mortem"])
                #expect(messages.last?.messageContent == "A flaky test, now fixed.")
            }
        }
    }

    @Test func aRefusedPostIsExplainedBesideTheBoxAndItsTextIsKept() async throws {
        var limits = ServerLimits()
        limits.messageSize = 40
        try await withTestServer(limits: limits) { server in
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("alice")
                try await page.openRoom("team")
                let long = String(repeating: "too long ", count: 8)
                try await page.post(long)
                let error = try await browser.waitFor("a refusal beside the box", timeout: .seconds(15)) {
                    let text = try await browser.find("#composer-error").text
                    return text.isEmpty ? nil : text
                }
                #expect(error.contains("40"), "the limit is named: \(error)")
                let kept = try await browser.find("form#composer textarea[name=text]").property("value").string
                #expect(kept?.hasPrefix(long.trimmingCharacters(in: .whitespaces)) == true, "\(kept ?? "")")
                #expect(try await page.messages().isEmpty)
                try await page.screenshot("refused-post")
            }
        }
    }

    @Test func aRoomOverTheParticipantLimitSaysItsListIsHidden() async throws {
        var limits = ServerLimits()
        limits.participantUpdateLimit = 2
        try await withTestServer(limits: limits) { server in
            for user in ["alice", "bob", "carol"] { _ = try await server.join(user, "help-desk") }
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("bob")
                try await page.openRoom(uri: try await Self.uri(of: "help-desk", server), name: "help-desk")
                let notice = try await browser.waitForElement("#participants-hidden")
                try await browser.waitUntil("the hidden-list notice") { try await notice.isDisplayed }
                #expect(try await browser.findAll("ul#participants > li[data-uri]").isEmpty)
            }
        }
    }

    @Test func anEchoBotsReplyAppearsInTheBrowser() async throws {
        try await withTestServer { server in
            let room = """
                room: team
                endpoint: sip:echobot@contoso.com
                bots:
                  - type: echo
                """
            try await HostFixture(server: server, rooms: ["team.yaml": room]).withHost { _ in
                try await Self.withPages(1, server) { pages in
                    let page = pages[0], browser = page.browser
                    try await page.signIn("alice")
                    try await page.openRoom("team")
                    try await page.post("!echo hello from the browser")
                    let shown = try await page.waitForMessage("hello from the browser", timeout: .seconds(30))
                    let reply = try #require(shown.last)
                    #expect(reply.body == "hello from the browser")
                    #expect(reply.author.contains("Echo") || reply.author.contains("echobot"), "\(reply)")
                }
            }
        }
    }

    @Test func aWrongPasswordADisabledUserAndThrottlingEachShowTheirMessage() async throws {
        var limits = ServerLimits()
        limits.signIn.failures = 2
        try await withTestServer(limits: limits) { server in
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.submitSignIn("carol", password: "not her password")
                let wrong = try await page.signInError()
                #expect(wrong.lowercased().contains("password"), "\(wrong)")
                try await page.screenshot("sign-in-refused")
                try await page.submitSignIn("dave")
                let disabled = try await browser.waitFor("the disabled-account message", timeout: .seconds(15)) {
                    let text = try await page.signInError()
                    return text != wrong ? text : nil
                }
                #expect(disabled.lowercased().contains("not enabled") || disabled.lowercased().contains("disabled"), "\(disabled)")
                // carol's first failure was counted; a second reaches the limit (2), and the next try is throttled.
                try await page.submitSignIn("carol", password: "still not her password")
                _ = try await browser.waitFor("the second refusal", timeout: .seconds(15)) {
                    let text = try await page.signInError()
                    return text != disabled ? text : nil
                }
                try await page.submitSignIn("carol")
                let throttled = try await browser.waitFor("the throttling message", timeout: .seconds(15)) {
                    let text = try await page.signInError()
                    return text.lowercased().contains("too many") ? text : nil
                }
                #expect(throttled.contains { $0.isNumber }, "the wait is named: \(throttled)")
                #expect(try await browser.find("form#sign-in").isDisplayed, "nobody is signed in")
                #expect(try await browser.find("#whoami").text.isEmpty)
            }
        }
    }

    @Test func searchFindsAMessageAndLeadsToItInItsRoom() async throws {
        try await withTestServer { server in
            let (_, team) = try await server.join("bob", "team")
            _ = try await team.sendChatMessage("the deploy window opens at noon")
            _ = try await team.sendChatMessage("lunch anyone?")
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("alice")
                try await browser.navigate(to: page.base + "/#/search")
                let query = try await browser.waitForElement("form#search input[name=q]")
                try await query.sendKeys("deploy window" + Keys.enter)
                let link = try await browser.waitForElement("ol#search-results > li a.result-link", timeout: .seconds(15))
                #expect(try await browser.find("ol#search-results").text.contains("the deploy window opens at noon"))
                #expect(try await browser.findAll("ol#search-results > li").count == 1)
                try await page.screenshot("search")
                try await link.click()
                try await page.waitForRoomView("team")
                try await page.waitForMessage("the deploy window opens at noon")
            }
        }
    }

    @Test func aManagerChangesTheDescriptionAndAddsAMemberWithThePicker() async throws {
        try await withTestServer { server in
            let carol = try await server.connect("carol")
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("alice")
                try await page.openRoom("help-desk")
                let manage = try await browser.waitForElement("a#manage-link")
                try await manage.click()
                let form = try await browser.waitForElement("form#manage", timeout: .seconds(15))
                let description = try await form.find("textarea[name=description]")
                try await browser.waitUntil("the current description") { try await description.property("value").string == "open help" }
                try await description.clear()
                try await description.sendKeys("help for everyone, managed in the browser")
                let search = try await browser.waitForElement("input.principal-search[data-role=member]")
                try await search.sendKeys("Carol")
                let option = try await browser.waitForElement("li.principal-option[data-reference='sip:carol@contoso.com']", timeout: .seconds(15))
                try await option.click()
                try await browser.waitForElement("ul#role-member > li[data-reference='sip:carol@contoso.com']")
                try await page.screenshot("manage")
                try await form.find("button[type=submit]").click()
                try await browser.waitUntil("the saved notice", timeout: .seconds(15)) { try await browser.find("#manage-saved").isDisplayed }
            }
            let room = try await carol.persistentChatServices.chatRoomManagementServices.getChatRoom(named: "help-desk")
            #expect(room.description == "help for everyone, managed in the browser")
            let members = try await carol.persistentChatServices.chatRoomManagementServices
                .getMembers(room.chatRoomUri).map(\.principal.reference)
            #expect(members.contains("sip:carol@contoso.com"))
        }
    }

    @Test func aPhoneSizedScreenShowsTheRoomAndHidesTheListBehindAToggle() async throws {
        try await withTestServer { server in
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await browser.setViewport(width: 390, height: 844)
                try await page.signIn("alice")
                // The room list is behind the toggle.
                #expect(try await browser.find("nav#room-list").isDisplayed == false)
                try await browser.find("#nav-toggle").click()
                try await browser.waitUntil("the room list to open") { try await browser.find("nav#room-list").isDisplayed }
                try await page.screenshot("phone-rooms")
                try await page.openRoom("team")
                #expect(try await browser.find("nav#room-list").isDisplayed == false, "choosing a room closes the list")
                try await page.post("from a phone")
                try await page.waitForMessage("from a phone")
                let overflow = try await browser.executeScript("return document.documentElement.scrollWidth > window.innerWidth")
                #expect(overflow.bool == false, "nothing is wider than the screen")
                try await page.screenshot("phone-room")
            }
        }
    }

    @Test func aSignedInTabSurvivesAReloadWithoutThePasswordAndSigningOutRevokesItsToken() async throws {
        try await withTestServer { server in
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("alice")
                let stored = try await browser.executeScript(
                    "return JSON.stringify(Object.assign({}, sessionStorage)) + JSON.stringify(Object.assign({}, localStorage))")
                #expect(stored.string?.contains(TestDirectory.password) == false, "the password is never stored")
                let token = try #require(try await browser.executeScript(
                    "return (JSON.parse(sessionStorage.getItem('pchat.session') || 'null') || {}).token").string)
                try await browser.reload()
                try await browser.waitUntil("alice signed in again after the reload", timeout: .seconds(15)) {
                    try await !browser.find("#whoami").text.isEmpty
                }
                try await page.openRoom("team")
                try await page.post("after a reload")
                try await page.waitForMessage("after a reload")

                try await browser.find("button#sign-out").click()
                try await browser.waitUntil("the sign-in form", timeout: .seconds(15)) {
                    try await browser.find("form#sign-in").isDisplayed
                }
                #expect(try await browser.executeScript("return sessionStorage.getItem('pchat.session')").isNull)
                let refused = await chatError { _ = try await SessionTokenTests.signIn("alice", token: token, server) }
                #expect(refused?.detail == .identityInvalidSessionToken, "signing out revoked the token")
                try await browser.reload()
                _ = try await browser.waitForElement("form#sign-in")
                #expect(try await browser.find("#whoami").text.isEmpty, "a reload after signing out stays signed out")
            }
        }
    }

    @Test func aTabReconnectsAfterARestartRejoinsAndShowsWhatWasPostedMeanwhile() async throws {
        try await withTestFolder { folder in
            try await withTestServer(folder: folder) { server in
                try await Self.withPages(1, server) { pages in
                    let page = pages[0], browser = page.browser
                    try await page.signIn("alice")
                    try await page.openRoom("team")
                    try await page.post("before the restart")
                    try await page.waitForMessage("before the restart")
                    let box = try await browser.find("form#composer textarea[name=text]")
                    await server.stop()
                    try await browser.waitUntil("the header to say the connection is lost", timeout: .seconds(15)) {
                        try await browser.find("#connection-status").text.lowercased().contains("reconnect")
                    }
                    // Typed while offline, kept in the box.
                    try await box.sendKeys("typed while offline")
                    try await page.screenshot("reconnecting")
                    // Long enough for an attempt or two to fail.
                    try await Task.sleep(for: .seconds(3))
                    try await withTestServer(folder: folder, port: server.port) { restarted in
                        let (_, bob) = try await restarted.join("bob", "team")
                        for number in 1...3 { _ = try await bob.sendChatMessage("while alice was away \(number)") }
                        let shown = try await page.waitForMessage("while alice was away 3", timeout: .seconds(45))
                        #expect(shown.map(\.body) == ["before the restart"] + (1...3).map { "while alice was away \($0)" })
                        #expect(try await box.property("value").string == "typed while offline")
                        // Rejoined on the new connection: a post goes through and bob hears it.
                        try await box.clear()
                        try await page.post("back again")
                        let heard = await first(bob.messages, within: 15) { $0.messageContent == "back again" }
                        #expect(heard?.messageAuthor.value == "sip:alice@contoso.com")
                    }
                }
            }
        }
    }

    @Test func aRoomChangedOrEndedWhileOpenSaysSoAtOnce() async throws {
        try await withTestServer { server in
            let alice = try await server.connect("alice")
            let management = alice.persistentChatServices.chatRoomManagementServices
            var settings = ChatRoomSettings(name: "launch", parentCategoryUri: try await server.category("Projects"))
            settings.members = ["sip:alice@contoso.com", "sip:bob@contoso.com"]
            let room = try await management.createChatRoom(settings)
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("bob")
                try await page.openRoom(uri: room.description, name: "launch")
                // A manager renames the room: the open view follows.
                var information = ChatRoomInformation(try await management.getChatRoom(room))
                information.name = "launch-2027"
                try await management.updateChatRoom(information)
                try await page.waitForRoomView("launch-2027")
                // Then takes bob off the members: his session there ends, and the view says why.
                try await management.removeUsersOrGroupsFromRole(.member, room: room, references: ["sip:bob@contoso.com"])
                let said = try await browser.waitFor("the room view to say the session ended", timeout: .seconds(15)) {
                    let text = try await browser.find("section#room").text
                    return text.contains("removed") ? text : nil
                }
                #expect(said.contains("You were removed from this room"), "\(said)")
                #expect(try await browser.find("form#composer textarea[name=text]").isEnabled == false)
                #expect(try await browser.findAll("section#room button.join").isEmpty, "a closed room would refuse him")
                try await page.screenshot("session-ended")
            }
        }
    }

    @Test func anInvitationArrivesLiveWithABadgeAndJoinsTheRoom() async throws {
        try await withTestServer { server in
            try await Self.withPages(1, server) { pages in
                let page = pages[0], browser = page.browser
                try await page.signIn("bob")
                let badge = try await browser.find("#invitations-badge")
                #expect(try await badge.isDisplayed == false)
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let room = try await management.createChatRoom(name: "launch", parentCategoryUri: try await server.category("Projects"))
                try await management.addUsersOrGroupsToRole(.member, room: room, references: ["sip:bob@contoso.com"])
                try await browser.waitUntil("the invitations badge to say 1", timeout: .seconds(15)) {
                    let shown = try await badge.isDisplayed, count = try await badge.text
                    return shown && count.trimmingCharacters(in: .whitespaces) == "1"
                }
                try await browser.find("a#invitations-link").click()
                let invitation = try await browser.waitForElement("ul#invitations > li[data-room-uri='\(room.description)']")
                #expect(try await invitation.text.contains("launch"))
                try await page.screenshot("invitations")
                try await invitation.find("button.join").click()
                try await page.waitForRoomView("launch")
                try await browser.waitUntil("the badge to go") { try await !badge.isDisplayed }
                let members = try await management.getMembers(room).map(\.principal.reference)
                #expect(members.contains("sip:bob@contoso.com"))
            }
        }
    }

    @Test func aRoomsAddInIsShownInASandboxedPaneThatThePagePolicyAllowsByItsExactOrigin() async throws {
        let pane = """
            <!doctype html><title>Runbook</title><p id=room>waiting</p>
            <script>addEventListener('message', e => { document.getElementById('room').textContent =
              e.data.type + ' ' + e.data.room.name + ' from ' + e.origin; });</script>
            """
        try await withHTTPStub(answering: { _ in HTTPStub.Reply(headers: [.contentType: "text/html"], body: pane) }) { stub in
            let addIn = AddInDefinition(name: "Runbook", url: stub.url("/pane?team=ops"))
            try await withTestServer(configure: { configuration in
                configuration.addIns = [addIn]
                for index in configuration.rooms.indices where configuration.rooms[index].name == "team" {
                    configuration.rooms[index].addIn = "Runbook"
                }
            }) { server in
                let policy = try await WebClientServingTests.request("http://127.0.0.1:\(server.port)/").headers[.contentSecurityPolicy]
                #expect(policy?.contains("frame-src http://127.0.0.1:\(stub.port);") == true, "\(policy ?? "")")
                try await Self.withPages(1, server) { pages in
                    let page = pages[0], browser = page.browser
                    try await page.signIn("alice")
                    try await page.openRoom("team")
                    let frame = try await browser.waitForElement("aside#add-in iframe")
                    #expect(try await frame.attribute("src") == addIn.url)
                    let sandbox = try #require(try await frame.attribute("sandbox")).split(separator: " ")
                    #expect(sandbox.contains("allow-scripts") && !sandbox.contains("allow-top-navigation"))
                    try await browser.switchToFrame(frame)
                    try await browser.waitUntil("the add-in to hear which room it is in", timeout: .seconds(15)) {
                        try await browser.find("#room").text == "pchat.room team from \(page.base)"
                    }
                    try await browser.switchToTopFrame()
                    try await page.screenshot("add-in")
                    // A room without an add-in shows no pane.
                    try await page.openRoom("help-desk")
                    try await browser.waitUntil("the pane to go") { try await browser.findAll("aside#add-in iframe").isEmpty }
                }
            }
        }
    }

    /// Runs `body` with `count` browsers on the client of `server`, then checks their consoles held no error or
    /// Content-Security-Policy violation; a failure saves their screenshots and console logs under the name of the test.
    static func withPages<Result>(_ count: Int, _ server: TestServer, test: String = #function,
                                  _ body: ([WebClientPage]) async throws -> Result) async throws -> Result {
        try await withBrowsers(count: count) { browsers in
            let pages = browsers.map { WebClientPage($0, server: server, suite: suite) }
            let name = String(test.prefix { $0 != "(" })
            let result = try await withFailureReport(name, pages) { try await body(pages) }
            // Every view the test went through ran without a script error or a policy violation.
            for page in pages {
                let problems = try await page.consoleProblems()
                #expect(problems.isEmpty, "\(problems)")
            }
            return result
        }
    }

    /// The URI of a configured room, asked of the server as alice.
    static func uri(of room: String, _ server: TestServer) async throws -> String {
        let alice = try await server.connect("alice")
        return try await alice.persistentChatServices.chatRoomManagementServices.getChatRoom(named: room).chatRoomUri.description
    }
}
