@testable import BotKit
import Testing

/// An instance's place in its room: each id admitted once, in order, and a watermark that only covers finished calls.
@Suite struct DeliveryCursorTests {
    @Test func eachIdIsAdmittedOnceAndNothingAtOrBelowTheWatermark() {
        var cursor = DeliveryCursor(HandledLedger.Entry(watermark: 10, handledAbove: []))
        // 12 comes after 14: catch-up and live messages overlap, and an id below the last admitted one is old news.
        let admitted = [9, 10, 11, 11, 14, 12].map { cursor.admit($0) }
        #expect(admitted == [false, false, true, false, true, false])
        #expect(cursor.pending == [11, 14])
    }

    @Test func callsFinishingOutOfOrderMoveTheWatermarkOnlyPastFinishedOnes() {
        var cursor = DeliveryCursor(HandledLedger.Entry(watermark: 0, handledAbove: []))
        let admitted = [1, 2, 3].map { cursor.admit($0) }
        #expect(admitted == [true, true, true])
        let afterTwo = cursor.finish(2)
        #expect(afterTwo == 0)
        #expect(cursor.handledAbove == [2])
        let afterOne = cursor.finish(1)
        #expect(afterOne == 2)
        #expect(cursor.handledAbove == [])
        let afterThree = cursor.finish(3)
        #expect(afterThree == 3)
        #expect(cursor.pending == [])
    }

    @Test func afterARestartIdsFinishedAboveTheWatermarkAreNotHandedOverAgain() {
        // The ledger had 5 done, 6 unfinished (the host died), and 7 done.
        var cursor = DeliveryCursor(HandledLedger.Entry(watermark: 5, handledAbove: [7]))
        let admitted = [6, 7, 8].map { cursor.admit($0) }
        #expect(admitted == [true, false, true])
        let afterSix = cursor.finish(6)
        #expect(afterSix == 7)
        let afterEight = cursor.finish(8)
        #expect(afterEight == 8)
        #expect(cursor.handledAbove == [])
    }
}
