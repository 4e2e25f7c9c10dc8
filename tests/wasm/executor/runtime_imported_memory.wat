;; The same conventions with an imported env.memory (like Westend's genesis runtime). The declared
;; maximum of one page is ignored: the host sizes the memory as initial + heap pages.
(module
  (import "env" "memory" (memory 1 1))
  (import "env" "ext_allocator_malloc_version_1" (func $malloc (param i32) (result i32)))
  (global (export "__heap_base") i32 (i32.const 2048))
  (data (i32.const 16) "imported")

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.extend_i32_u (local.get $ptr))
            (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32))))

  (func (export "echo") (param $ptr i32) (param $len i32) (result i64)
    (call $pack (local.get $ptr) (local.get $len)))

  (func (export "data") (param i32 i32) (result i64)
    (call $pack (i32.const 16) (i32.const 8)))

  (func (export "memory_info") (param i32 i32) (result i64)
    (local $out i32)
    (local.set $out (call $malloc (i32.const 8)))
    (i32.store (local.get $out) (memory.size))
    (i32.store offset=4 (local.get $out) (memory.grow (i32.const 1)))
    (call $pack (local.get $out) (i32.const 8)))
)
