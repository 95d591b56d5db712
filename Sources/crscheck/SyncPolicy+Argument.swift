import ArgumentParser
import TranscriptStore

extension SyncPolicy: ExpressibleByArgument {}
