;; A start function that changes a global and memory: every call must see its effects exactly
;; once, as on a freshly instantiated module.
(module
  (import "env" "ext_allocator_malloc_version_1" (func $malloc (param i32) (result i32)))
  (memory 1)
  (global (export "__heap_base") i32 (i32.const 1024))
  (global $g (mut i32) (i32.const 5))
  (func $start
    (global.set $g (i32.add (global.get $g) (i32.const 10)))
    (i32.store (i32.const 100) (i32.add (i32.load (i32.const 100)) (i32.const 1))))
  (start $start)
  ;; Returns the global and the memory word, then bumps both.
  (func (export "read") (param i32 i32) (result i64)
    (local $out i32)
    (local.set $out (call $malloc (i32.const 8)))
    (i32.store (local.get $out) (global.get $g))
    (i32.store offset=4 (local.get $out) (i32.load (i32.const 100)))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.store (i32.const 100) (i32.add (i32.load (i32.const 100)) (i32.const 1)))
    (i64.or (i64.extend_i32_u (local.get $out)) (i64.shl (i64.const 8) (i64.const 32))))
)
