import Synchronization

/// Waits for the first element that satisfies `predicate`, or nil after `seconds`.
func first<S: AsyncSequence & Sendable>(
    _ sequence: S, within seconds: Double = 10, where predicate: @escaping @Sendable (S.Element) -> Bool
) async -> S.Element? where S.Element: Sendable {
    await withTaskGroup(of: S.Element?.self) { group in
        group.addTask {
            do {
                for try await element in sequence where predicate(element) { return element }
            } catch {}
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            return nil
        }
        let result = await group.next() ?? nil
        group.cancelAll()
        return result
    }
}

/// Collects the first `count` elements that satisfy `predicate`, or fewer if `seconds` pass first.
func firstN<S: AsyncSequence & Sendable>(
    _ count: Int, _ sequence: S, within seconds: Double = 10, where predicate: @escaping @Sendable (S.Element) -> Bool
) async -> [S.Element] where S.Element: Sendable {
    let found = Mutex<[S.Element]>([])
    _ = await first(sequence, within: seconds) { element in
        guard predicate(element) else { return false }
        return found.withLock { found in
            found.append(element)
            return found.count >= count
        }
    }
    return found.withLock { $0 }
}
