;; Imports two functions no host provides, next to one that exists.
(module
  (import "env" "host_add" (func $add (param i64 i64) (result i64)))
  (import "env" "absent_one" (func $absent_one))
  (import "env" "absent_two" (func $absent_two (param i32) (result i32)))
  (memory 1)
  (global (export "__heap_base") i32 (i32.const 1024))
  (func (export "present") (result i64) (call $add (i64.const 2) (i64.const 3)))
  (func (export "absent") (call $absent_one))
)
