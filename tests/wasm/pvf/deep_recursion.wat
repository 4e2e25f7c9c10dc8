;; A PVF that recurses without end: the deterministic stack limit (logical max 65536) traps it.
(module
  (memory (export "memory") 17)
  (global (export "__heap_base") i32 (i32.const 65536))
  (func $down (param i32) (result i32)
    (call $down (i32.add (local.get 0) (i32.const 1))))
  (func (export "validate_block") (param i32 i32) (result i64)
    (drop (call $down (i32.const 0)))
    (i64.const 0)))
