import Foundation
import SpecRunner

// The runner lives in the SpecRunner library so its self-tests can drive it.
exit(SpecCommandLine.main(arguments: Array(CommandLine.arguments.dropFirst())))
