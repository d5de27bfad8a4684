import Testing
import Wasmtime

/// Struct and array objects built by Swift and read by wasm, and the other
/// way around; packed fields; typed and untyped calls, globals and tables.
@Suite struct GCObjectTests {
    let engine = Engine()

    /// Types in wasm are compared by structure: `$node`, `$row` and
    /// `$matrix` are the same types as the ones Swift builds below.
    static let wat = """
        (module
          (type $node (struct (field i32) (field (ref null struct))))
          (type $row (array (mut i32)))
          (type $matrix (array (mut (ref null array))))
          (type $packed (struct (field (mut i8)) (field (mut i16))))

          (func (export "sumList") (param $list structref) (result i32)
            (local $sum i32) (local $node (ref null $node))
            (local.set $node (ref.cast (ref null $node) (local.get $list)))
            (block $done
              (loop $next
                (br_if $done (ref.is_null (local.get $node)))
                (local.set $sum (i32.add (local.get $sum) (struct.get $node 0 (local.get $node))))
                (local.set $node (ref.cast (ref null $node) (struct.get $node 1 (local.get $node))))
                (br $next)))
            (local.get $sum))

          (func (export "makeList") (param $n i32) (result structref)
            (local $list (ref null $node))
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $list (struct.new $node (local.get $n) (local.get $list)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $list))

          (func (export "sumMatrix") (param $m arrayref) (result i32)
            (local $matrix (ref $matrix)) (local $row (ref $row)) (local $i i32) (local $j i32) (local $sum i32)
            (local.set $matrix (ref.cast (ref $matrix) (local.get $m)))
            (block $rows_done
              (loop $rows
                (br_if $rows_done (i32.ge_u (local.get $i) (array.len (local.get $matrix))))
                (local.set $row (ref.cast (ref $row) (array.get $matrix (local.get $matrix) (local.get $i))))
                (local.set $j (i32.const 0))
                (block $cols_done
                  (loop $cols
                    (br_if $cols_done (i32.ge_u (local.get $j) (array.len (local.get $row))))
                    (local.set $sum (i32.add (local.get $sum) (array.get $row (local.get $row) (local.get $j))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $cols)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $rows)))
            (local.get $sum))

          ;; rows x cols, element (i, j) = i * 100 + j
          (func (export "makeMatrix") (param $rows i32) (param $cols i32) (result arrayref)
            (local $matrix (ref $matrix)) (local $row (ref $row)) (local $i i32) (local $j i32)
            (local.set $matrix (array.new_default $matrix (local.get $rows)))
            (block $rows_done
              (loop $each_row
                (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
                (local.set $row (array.new_default $row (local.get $cols)))
                (local.set $j (i32.const 0))
                (block $cols_done
                  (loop $each_col
                    (br_if $cols_done (i32.ge_u (local.get $j) (local.get $cols)))
                    (array.set $row (local.get $row) (local.get $j)
                      (i32.add (i32.mul (local.get $i) (i32.const 100)) (local.get $j)))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $each_col)))
                (array.set $matrix (local.get $matrix) (local.get $i) (local.get $row))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $each_row)))
            (local.get $matrix))

          (func (export "packedSigned") (param structref) (result i32 i32)
            (struct.get_s $packed 0 (ref.cast (ref $packed) (local.get 0)))
            (struct.get_s $packed 1 (ref.cast (ref $packed) (local.get 0))))
          (func (export "packedUnsigned") (param structref) (result i32 i32)
            (struct.get_u $packed 0 (ref.cast (ref $packed) (local.get 0)))
            (struct.get_u $packed 1 (ref.cast (ref $packed) (local.get 0))))
          (func (export "makePacked") (param i32 i32) (result (ref $packed))
            (struct.new $packed (local.get 0) (local.get 1)))

          (global (export "held") (mut anyref) (ref.null any))
          (table (export "objects") 4 anyref)
          (func (export "heldIsStruct") (result i32) (ref.test (ref struct) (global.get 0)))
          (func (export "tableRowLength") (param i32) (result i32)
            (array.len (ref.cast (ref array) (table.get 0 (local.get 0))))))
        """

    func setUp() throws -> (Store<Void>, Instance, StructType, ArrayType, ArrayType) {
        let store = Store(engine: engine)
        let instance = try Instance(store: store, module: try Module(engine: engine, wat: Self.wat), imports: [])
        let node = try StructType(
            engine: engine, fields: [FieldType(.i32, mutable: false), FieldType(.ref(.init(.struct)), mutable: false)])
        let row = try ArrayType(engine: engine, element: FieldType(.i32))
        let matrix = try ArrayType(engine: engine, element: FieldType(.ref(.init(.array))))
        return (store, instance, node, row, matrix)
    }

    @Test func linkedListBuiltBySwiftIsSummedByWasm() throws {
        let (store, instance, node, _, _) = try setUp()
        var list: StructRef? = nil
        for value in (1...100).reversed() {
            list = try StructRef(store: store, type: node, fields: [.i32(Int32(value)), .structRef(list)])
        }
        let sum = try instance.function("sumList", StructRef?.self, Int32.self)
        #expect(try sum(list) == 5050)
        #expect(try sum(nil) == 0)
        // Untyped, as an anyref value.
        #expect(try instance.function("sumList").call([.structRef(list)]).first?.i32 == 5050)
    }

    @Test func linkedListBuiltByWasmIsSummedBySwift() throws {
        let (store, instance, node, _, _) = try setUp()
        let make = try instance.function("makeList", Int32.self, StructRef?.self)
        var current = try make(100)
        var sum: Int32 = 0
        var count = 0
        while let item = current {
            #expect(item.fieldCount == 2)
            #expect(item.type.fields == node.fields)
            sum += try #require(item.field(0).i32)
            current = try item.field(1).asStruct
            count += 1
        }
        #expect(sum == 5050)
        #expect(count == 100)
        _ = store
    }

    @Test func matrixBuiltBySwiftIsSummedByWasm() throws {
        let (store, instance, _, row, matrix) = try setUp()
        let rows = try (0..<3).map { i in
            try ArrayRef(store: store, type: row, elements: (0..<4).map { j in .i32(Int32(i * 10 + j)) })
        }
        let m = try ArrayRef(store: store, type: matrix, repeating: .arrayRef(nil), count: 3)
        for (i, r) in rows.enumerated() { try m.setElement(.arrayRef(r), at: i) }
        #expect(m.count == 3)
        #expect(rows[2].count == 4)
        let expected = Int32(
            (0..<3).flatMap { (i: Int) -> [Int] in (0..<4).map { (j: Int) -> Int in i * 10 + j } }.reduce(0, +))
        let sumMatrix = try instance.function("sumMatrix", ArrayRef?.self, Int32.self)
        #expect(try sumMatrix(m) == expected)
        #expect(try instance.function("sumMatrix").call([.arrayRef(m)]).first?.i32 == expected)
    }

    @Test func matrixBuiltByWasmIsSummedBySwift() throws {
        let (_, instance, _, row, _) = try setUp()
        let make = try instance.function("makeMatrix", (Int32, Int32).self, ArrayRef?.self)
        let m = try #require(try make(5, 7))
        #expect(m.count == 5)
        var sum = 0
        for i in 0..<m.count {
            let r = try #require(try m.element(at: i).asArray)
            #expect(r.count == 7)
            #expect(r.type.element == row.element)
            for j in 0..<r.count {
                let value = try #require(try r.element(at: j).i32)
                #expect(value == Int32(i * 100 + j))
                sum += Int(value)
            }
        }
        let expected: Int = (0..<5).flatMap { (i: Int) -> [Int] in (0..<7).map { (j: Int) -> Int in i * 100 + j } }
            .reduce(0, +)
        #expect(sum == expected)
    }

    @Test func packedFieldsExtendAsAsked() throws {
        let (store, instance, _, _, _) = try setUp()
        let packed = try StructType(engine: engine, fields: [FieldType(.i8), FieldType(.i16)])
        let object = try StructRef(store: store, type: packed, fields: [.i32(-1), .i32(0x1_8001)])
        // Writes keep the low bits; reads are zero-extended unless told.
        #expect(try object.field(0).i32 == 0xFF)
        #expect(try object.field(0, .signed).i32 == -1)
        #expect(try object.field(1).i32 == 0x8001)
        #expect(try object.field(1, .signed).i32 == -0x7FFF)
        // Wasm reads the same bits.
        let signed = try instance.function("packedSigned", StructRef?.self, (Int32, Int32).self)
        let unsigned = try instance.function("packedUnsigned", StructRef?.self, (Int32, Int32).self)
        #expect(try signed(object) == (-1, -0x7FFF))
        #expect(try unsigned(object) == (0xFF, 0x8001))
        try object.setField(0, to: .i32(0x7F))
        try object.setField(1, to: .i32(-2))
        #expect(try signed(object) == (0x7F, -2))
        #expect(try object.field(1).i32 == 0xFFFE)
        // A packed struct made by wasm, returned as a concrete type.
        let makePacked = try instance.function("makePacked", (Int32, Int32).self, StructRef.self)
        let made = try makePacked(Int32(0x180), Int32(-3))
        #expect(try made.field(0).i32 == 0x80)
        #expect(try made.field(0, PackedExtension.signed).i32 == -128)
        #expect(try made.field(1, PackedExtension.signed).i32 == -3)
        #expect(made.type.fields == packed.fields)
        // Packed arrays.
        let bytes = try ArrayRef(
            store: store, type: ArrayType(engine: engine, element: FieldType(.i8)),
            elements: [.i32(1), .i32(200), .i32(-5)])
        #expect(try bytes.elements().compactMap(\.i32) == [1, 200, 251])
        #expect(try bytes.elements(.signed).compactMap(\.i32) == [1, -56, -5])
    }

    @Test func everyFieldTypeRoundTrips() throws {
        let store = Store(engine: engine)
        let function = Func(store: store) { (x: Int32) -> Int32 in x }
        let fields: [FieldType] = [
            FieldType(.i32), FieldType(.i64), FieldType(.f32), FieldType(.f64), FieldType(.v128),
            FieldType(.funcref), FieldType(.externref), FieldType(.anyref), FieldType(.ref(.init(.eq))),
            FieldType(.ref(.init(.i31))),
        ]
        let type = try StructType(engine: engine, fields: fields)
        #expect(type.fields == fields)
        let host = ExternRef("host value")
        let small = AnyRef(i31: 7, in: store)
        let vector = V128(bytes: Array(0..<16))
        let object = try StructRef(
            store: store, type: type,
            fields: [
                .i32(-7), .i64(1 << 40), .f32(Float(bitPattern: 0x7FC0_0001)), .f64(-0.0), .v128(vector),
                .funcref(function), .externref(host), .anyref(small), .anyref(small), .anyref(small),
            ])
        #expect(try object.field(0).i32 == -7)
        #expect(try object.field(1).i64 == 1 << 40)
        #expect(try object.field(2).f32?.bitPattern == 0x7FC0_0001)
        #expect(try object.field(3).f64?.bitPattern == (-0.0 as Double).bitPattern)
        #expect(try object.field(4).v128 == vector)
        guard case .funcref(let f?) = try object.field(5) else {
            Issue.record("no funcref")
            return
        }
        #expect(f == function)
        guard case .externref(let e?) = try object.field(6) else {
            Issue.record("no externref")
            return
        }
        #expect(e === host)
        for index in 7...9 {
            guard case .anyref(let a?) = try object.field(index) else {
                Issue.record("no anyref")
                return
            }
            #expect(a.i31Unsigned == 7)
        }
    }

    @Test func globalsAndTablesHoldObjects() throws {
        let (store, instance, node, row, _) = try setUp()
        let object = try StructRef(store: store, type: node, fields: [.i32(1), .structRef(nil)])
        let held = try instance.global("held")
        try held.set(.structRef(object))
        let heldIsStruct = try instance.function("heldIsStruct", Void.self, Int32.self)
        #expect(try heldIsStruct() == 1)
        let back = try #require(held.get().asStruct)
        #expect(try back.field(0).i32 == 1)
        let table = try instance.table("objects")
        let array = try ArrayRef(store: store, type: row, repeating: .i32(9), count: 12)
        try table.set(2, .arrayRef(array))
        let rowLength = try instance.function("tableRowLength", Int32.self, Int32.self)
        #expect(try rowLength(Int32(2)) == 12)
        #expect(try table.get(2).asArray?.element(at: 11).i32 == 9)
        #expect(try table.get(2).asStruct == nil)
    }

    @Test func downcasts() throws {
        let (store, _, node, row, _) = try setUp()
        let object = try StructRef(store: store, type: node, fields: [.i32(1), .structRef(nil)])
        let array = try ArrayRef(store: store, type: row, repeating: .i32(0), count: 1)
        let small = AnyRef(i31: 5, in: store)
        #expect(object.anyRef.isStruct && object.anyRef.isEq && !object.anyRef.isArray)
        #expect(array.anyRef.isArray && array.anyRef.asStruct() == nil)
        #expect(small.asStruct() == nil && small.asArray() == nil)
        #expect(object.anyRef.asArray() == nil)
        #expect(try object.anyRef.asStruct()?.field(0).i32 == 1)
        #expect(array.anyRef.asArray()?.count == 1)
    }
}
