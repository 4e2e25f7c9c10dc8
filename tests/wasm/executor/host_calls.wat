;; Calls into the host and back: values of every type, a host function that fails, one that
;; allocates and writes runtime memory, one that reads the caller's context.
(module
  (import "env" "host_add" (func $add (param i64 i64) (result i64)))
  (import "env" "host_fail" (func $fail))
  (import "env" "host_hello" (func $hello (result i64)))
  (import "env" "host_negate_f64" (func $negate (param f64) (result f64)))
  (import "env" "host_context" (func $context (result i32)))
  (import "env" "ext_allocator_malloc_version_1" (func $malloc (param i32) (result i32)))
  (memory (export "memory") 1)
  (global (export "__heap_base") i32 (i32.const 4096))

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.extend_i32_u (local.get $ptr))
            (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32))))

  ;; Input: two little-endian u64; output: their sum as computed by the host.
  (func (export "add") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32)
    (local.set $out (call $malloc (i32.const 8)))
    (i64.store (local.get $out)
      (call $add (i64.load (local.get $ptr)) (i64.load offset=8 (local.get $ptr))))
    (call $pack (local.get $out) (i32.const 8)))

  (func (export "fail") (param i32 i32) (result i64)
    (call $fail)
    (i64.const 0))

  ;; The host allocates and fills the output.
  (func (export "hello") (param i32 i32) (result i64) (call $hello))

  (func (export "negate") (param f64) (result f64) (call $negate (local.get 0)))

  (func (export "context") (param i32 i32) (result i64)
    (local $out i32)
    (local.set $out (call $malloc (i32.const 4)))
    (i32.store (local.get $out) (call $context))
    (call $pack (local.get $out) (i32.const 4)))
)
