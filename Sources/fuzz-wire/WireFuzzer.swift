import Foundation
import Fuzzing

// Built by `make fuzz` with -D FUZZING and the fuzzer sanitizer, libFuzzer calls this for each input; built
// plainly, the executable replays the files it is given instead.
#if FUZZING
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.wire.fuzz(data, size)
  }
#else
  @main
  enum WireFuzzer {
    static func main() {
      exit(FuzzTarget.wire.replay(Array(CommandLine.arguments.dropFirst())))
    }
  }
#endif
