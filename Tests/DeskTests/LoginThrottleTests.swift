import Testing

@testable import Desk

@Suite("Login attempts from one address")
struct LoginThrottleTests {
  @Test(
    "past the limit in a minute an address waits; other addresses do not, and a minute later it may go on")
  func limit() async {
    let throttle = LoginThrottle(limit: 3, window: .seconds(60))
    let start = ContinuousClock.now
    for second in 0..<3 { #expect(await throttle.admit("10.0.0.1", at: start + .seconds(second))) }
    #expect(await !throttle.admit("10.0.0.1", at: start + .seconds(10)))
    #expect(await throttle.admit("10.0.0.2", at: start + .seconds(10)))
    #expect(await throttle.admit("10.0.0.1", at: start + .seconds(61)))
  }
}
