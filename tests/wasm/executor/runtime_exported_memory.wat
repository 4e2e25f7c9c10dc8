;; A miniature runtime that defines and exports its memory (like Kusama's genesis runtime): entry
;; points of the calling convention, the host allocator, state that must not outlive a call.
(module
  (import "env" "ext_allocator_malloc_version_1" (func $malloc (param i32) (result i32)))
  (import "env" "ext_allocator_free_version_1" (func $free (param i32)))
  (memory (export "memory") 2)
  ;; Past the first page: the allocator must start there.
  (global (export "__heap_base") i32 (i32.const 70001))
  (global $counter (mut i32) (i32.const 0))
  (data (i32.const 1024) "canary, runtime!")

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.extend_i32_u (local.get $ptr))
            (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32))))

  ;; The input itself, where the host put it.
  (func (export "echo") (param $ptr i32) (param $len i32) (result i64)
    (call $pack (local.get $ptr) (local.get $len)))

  ;; The input reversed, in a block from the host allocator; frees the input.
  (func (export "reverse") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32) (local $i i32)
    (local.set $out (call $malloc (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8
          (i32.add (local.get $out) (local.get $i))
          (i32.load8_u
            (i32.sub (i32.add (local.get $ptr) (local.get $len))
                     (i32.add (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $free (local.get $ptr))
    (call $pack (local.get $out) (local.get $len)))

  ;; Bumps a mutable global, a byte of the data segment, a zero byte below the heap, a byte of the
  ;; heap that no allocation covers and the last byte of the memory, and returns the five new
  ;; values. A fresh instance returns 1, 'd', 1, 1, 1.
  (func (export "bump_state") (param i32 i32) (result i64)
    (local $out i32) (local $last i32)
    (local.set $last (i32.sub (i32.shl (memory.size) (i32.const 16)) (i32.const 1)))
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (i32.store8 (i32.const 1024) (i32.add (i32.load8_u (i32.const 1024)) (i32.const 1)))
    (i32.store8 (i32.const 2000) (i32.add (i32.load8_u (i32.const 2000)) (i32.const 1)))
    (i32.store8 (i32.const 200000) (i32.add (i32.load8_u (i32.const 200000)) (i32.const 1)))
    (i32.store8 (local.get $last) (i32.add (i32.load8_u (local.get $last)) (i32.const 1)))
    (local.set $out (call $malloc (i32.const 5)))
    (i32.store8 (local.get $out) (global.get $counter))
    (i32.store8 offset=1 (local.get $out) (i32.load8_u (i32.const 1024)))
    (i32.store8 offset=2 (local.get $out) (i32.load8_u (i32.const 2000)))
    (i32.store8 offset=3 (local.get $out) (i32.load8_u (i32.const 200000)))
    (i32.store8 offset=4 (local.get $out) (i32.load8_u (local.get $last)))
    (call $pack (local.get $out) (i32.const 5)))

  ;; memory.size and the result of memory.grow(1), as two little-endian u32.
  (func (export "memory_info") (param i32 i32) (result i64)
    (local $out i32)
    (local.set $out (call $malloc (i32.const 8)))
    (i32.store (local.get $out) (memory.size))
    (i32.store offset=4 (local.get $out) (memory.grow (i32.const 1)))
    (call $pack (local.get $out) (i32.const 8)))

  ;; Allocates as many bytes as the little-endian u32 input says; returns the pointer.
  (func (export "allocate") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32)
    (local.set $out (call $malloc (i32.const 4)))
    (i32.store (local.get $out) (call $malloc (i32.load (local.get $ptr))))
    (call $pack (local.get $out) (i32.const 4)))

  (func (export "double_free") (param $ptr i32) (param i32) (result i64)
    (call $free (local.get $ptr))
    (call $free (local.get $ptr))
    (i64.const 0))

  ;; Outputs that break the convention.
  (func (export "output_past_end") (param i32 i32) (result i64)
    (call $pack (i32.sub (i32.shl (memory.size) (i32.const 16)) (i32.const 4)) (i32.const 8)))
  (func (export "output_huge_length") (param i32 i32) (result i64)
    (call $pack (i32.const 0) (i32.const -1)))
  (func (export "sixteen_bytes") (param i32 i32) (result i64)
    (call $pack (i32.const 1024) (i32.const 16)))
  (func (export "not_an_entry_point") (param i32) (result i32) (local.get 0))
)
