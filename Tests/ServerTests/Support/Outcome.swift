/// What an async call came to, success or error, for tests that must tell the expected failure from any
/// other (where `try?` would let every failure pass).
func outcome<Value>(of body: () async throws -> Value) async -> Result<Value, any Error> {
  do {
    return .success(try await body())
  } catch {
    return .failure(error)
  }
}
