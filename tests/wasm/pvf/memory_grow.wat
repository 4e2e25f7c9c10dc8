;; A PVF that grows its memory a page at a time and writes to every new page, until memory.grow
;; fails (the PVF heap's maximum, 32 + 2048 pages), then traps: the candidate is invalid and
;; the worker used at most its limit.
(module
  (memory (export "memory") 17)
  (global (export "__heap_base") i32 (i32.const 65536))
  (func (export "validate_block") (param i32 i32) (result i64)
    (local $old i32)
    (loop $grow
      (local.set $old (memory.grow (i32.const 1)))
      (if (i32.eq (local.get $old) (i32.const -1)) (then unreachable))
      (i32.store (i32.mul (local.get $old) (i32.const 65536)) (i32.const 1))
      (br $grow))
    (i64.const 0)))
