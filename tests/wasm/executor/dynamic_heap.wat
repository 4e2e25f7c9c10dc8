;; A module whose memory is grown by the module itself (as Rust PVFs with their own allocator do):
;; grow(n) returns memory.grow's answer, size() memory.size; touch(page) writes a byte at the start
;; of that page and reads it back.
(module
  (memory (export "memory") 2)
  (global (export "__heap_base") i32 (i32.const 1024))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "touch") (param i32) (result i32)
    (i32.store8 (i32.mul (local.get 0) (i32.const 65536)) (i32.const 7))
    (i32.load8_u (i32.mul (local.get 0) (i32.const 65536)))))
