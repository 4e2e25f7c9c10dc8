;; The cost of a host call round trip, for benchmarks: `storage_get_loop(n)` reads the key
;; "bench-key" n times through ext_storage_get_version_1 and frees each result;
;; `empty_loop(n)` does the same loop without the calls. Both return the sum of the lengths read.
(module
  (import "env" "ext_storage_get_version_1" (func $get (param i64) (result i64)))
  (import "env" "ext_allocator_free_version_1" (func $free (param i32)))
  (memory (export "memory") 1)
  (global (export "__heap_base") i32 (i32.const 1024))
  (data (i32.const 16) "bench-key")

  (func (export "storage_get_loop") (param $n i32) (result i32)
    (local $result i64) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        ;; key = (ptr 16, len 9)
        (local.set $result (call $get (i64.or (i64.const 16) (i64.shl (i64.const 9) (i64.const 32)))))
        (local.set $sum (i32.add (local.get $sum)
                                 (i32.wrap_i64 (i64.shr_u (local.get $result) (i64.const 32)))))
        (call $free (i32.wrap_i64 (local.get $result)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  (func (export "empty_loop") (param $n i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (i32.const 34)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
