import NIOConcurrencyHelpers

extension NIOLockedValueBox {
    /// Like `withLockedValue`, keeping the body's typed error.
    func withLocked<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = withLockedValue { value in
            do throws(Failure) {
                return .success(try body(&value))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
