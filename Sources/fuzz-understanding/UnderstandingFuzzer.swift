import Foundation
import Fuzzing

// Built by `make fuzz` with -D FUZZING and the fuzzer sanitizer, libFuzzer calls this for each input; built
// plainly, the executable replays the files it is given instead.
#if FUZZING
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.understanding.fuzz(data, size)
  }
#else
  @main
  enum UnderstandingFuzzer {
    static func main() {
      exit(FuzzTarget.understanding.replay(Array(CommandLine.arguments.dropFirst())))
    }
  }
#endif
