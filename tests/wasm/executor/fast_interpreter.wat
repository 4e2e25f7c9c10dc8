;; Cases for the fast interpreter's translation (tests/unit/executor/fast_interpreter_test.cpp runs
;; every export on a grid of arguments on both interpreters and compares): branches that carry
;; values out of nested blocks, br_table, operands read from locals that change before use,
;; unreachable code, call_indirect, every width of memory access, traps and float corner cases.
(module
  (type $i32_i32 (func (param i32) (result i32)))
  (type $i32_i32_i32 (func (param i32 i32) (result i32)))
  (type $void (func))
  (memory 1)
  (table 6 funcref)
  (elem (i32.const 0) $double $add $nothing $double)
  (global $g (mut i32) (i32.const 5))
  (global $g64 (mut i64) (i64.const -7))

  (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $nothing)

  ;; br_table carrying a value to blocks at different heights, and the default.
  (func (export "br_table_values") (param $i i32) (result i32)
    (local $x i32)
    (local.set $x (i32.const 100))
    (i32.add
      (i32.const 1000)
      (block $outer (result i32)
        (i32.add
          (i32.const 10)
          (block $middle (result i32)
            (i32.add
              (i32.const 20)
              (block $inner (result i32)
                (br_table $inner $middle $outer $middle
                  (i32.add (local.get $x) (local.get $i)) (local.get $i)))))))))

  ;; br_table without values, jumping backwards into a loop and out of it.
  (func (export "br_table_loop") (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $again
        (local.set $acc (i32.add (local.get $acc) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_table $done $again $again $again (i32.and (i32.add (local.get $n) (i32.const 1)) (i32.const 3)))
      ))
    (local.get $acc))

  ;; br and br_if with values out of nested blocks; br_if leaves its value when not taken.
  (func (export "nested_results") (param $a i32) (param $b i32) (result i32)
    (block $b0 (result i32)
      (drop (br_if $b0 (i32.const 7) (i32.eq (local.get $a) (i32.const 1))))
      (block $b1 (result i32)
        (block $b2 (result i32)
          (if (i32.eq (local.get $a) (i32.const 2)) (then (br $b0 (i32.const 8))))
          (if (i32.eq (local.get $a) (i32.const 3)) (then (br $b1 (i32.const 9))))
          (drop (br_if $b2 (local.get $b) (i32.eq (local.get $a) (i32.const 4))))
          (i32.add (local.get $a) (local.get $b)))
        (i32.mul (i32.const 3)))
      (i32.add (i32.const 1))))

  ;; if/else with results, nested, on constants and locals.
  (func (export "if_else") (param $a i32) (param $b i32) (result i32)
    (if (result i32) (local.get $a)
      (then (if (result i32) (local.get $b) (then (i32.const 1)) (else (i32.const 2))))
      (else (if (result i32) (i32.const 0) (then (i32.const 3)) (else (local.get $b))))))

  ;; Values read from a local that changes before they are used.
  (func (export "stale_locals") (param $a i32) (param $b i32) (result i32)
    (local $t i32)
    (local.get $a)
    (local.get $a)
    (local.set $a (i32.add (local.get $a) (i32.const 5)))
    (local.get $b)
    (local.tee $b (i32.mul (local.get $b) (i32.const 3)))
    (local.set $t)
    (i32.sub)
    (i32.add (local.get $t))
    (i32.mul (local.get $a))
    (i32.xor))

  ;; A value computed into a local while the old value is still on the stack, and across a block.
  (func (export "tee_across_blocks") (param $a i32) (result i32)
    (local $x i32)
    (local.set $x (local.get $a))
    (local.get $x)
    (block (result i32)
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (local.get $x))
    (local.set $x (i32.add (local.get $x) (i32.const 10)))
    (i32.add)
    (local.get $x)
    (i32.sub))

  ;; Stack values that outlive a loop (materialised before the label).
  (func (export "loop_with_stack") (param $n i32) (result i32)
    (local $i i32)
    (local.get $n)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 5))))
    (local.get $n)
    (i32.sub))

  ;; select on locals and constants.
  (func (export "select") (param $a i32) (param $b i32) (result i32)
    (i32.add
      (select (local.get $a) (local.get $b) (i32.lt_s (local.get $a) (local.get $b)))
      (select (i32.const 100) (local.get $a) (local.get $b))))

  ;; Unreachable code with an unbalanced stack after br and return.
  (func (export "dead_code") (param $a i32) (result i32)
    (block $b (result i32)
      (br $b (i32.const 5))
      (i32.add)
      (drop)
      (block (loop (br 0)))
      (i32.const 1))
    (if (local.get $a) (then (return (i32.const 42)) (i32.div_u) (drop)))
    (i32.add (i32.const 1)))

  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  (func (export "factorial") (param $n i64) (result i64)
    (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.le_s (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $acc))

  ;; call_indirect: slot 0/3 double, 1 add (other type), 2 nothing, 4-5 empty, 6+ outside.
  (func (export "call_indirect") (param $slot i32) (param $x i32) (result i32)
    (call_indirect (type $i32_i32) (local.get $x) (local.get $slot)))
  (func (export "call_indirect_add") (param $slot i32) (param $x i32) (result i32)
    (call_indirect (type $i32_i32_i32) (local.get $x) (i32.const 3) (local.get $slot)))

  ;; Calls with arguments from locals and constants, and a value kept under the call.
  (func (export "calls") (param $a i32) (result i32)
    (i32.sub (local.get $a)
             (call $add (call $double (local.get $a)) (i32.const 11))))

  ;; Every width of load and store at `addr` (the memory is one page plus the heap pages).
  (func (export "memory_widths") (param $addr i32) (param $v i64) (result i64)
    (i64.store (local.get $addr) (local.get $v))
    (i64.add
      (i64.add
        (i64.add (i64.load8_s (local.get $addr)) (i64.load8_u offset=1 (local.get $addr)))
        (i64.add (i64.load16_s (local.get $addr)) (i64.load16_u offset=2 (local.get $addr))))
      (i64.add
        (i64.add (i64.load32_s (local.get $addr)) (i64.load32_u offset=4 (local.get $addr)))
        (i64.add (i64.extend_i32_u (i32.load8_s offset=3 (local.get $addr)))
                 (i64.extend_i32_s (i32.load16_s offset=6 (local.get $addr)))))))
  (func (export "store_narrow") (param $addr i32) (param $v i64) (result i64)
    (i64.store (local.get $addr) (i64.const -1))
    (i64.store8 (local.get $addr) (local.get $v))
    (i64.store16 offset=2 (local.get $addr) (local.get $v))
    (i64.store32 offset=4 (local.get $addr) (local.get $v))
    (i32.store8 offset=1 (local.get $addr) (i32.wrap_i64 (local.get $v)))
    (i64.load (local.get $addr)))
  (func (export "load_at") (param $addr i32) (result i32) (i32.load offset=2 (local.get $addr)))
  (func (export "memory_grow") (param $delta i32) (result i32)
    (i32.add (i32.mul (memory.size) (i32.const 1000)) (memory.grow (local.get $delta))))

  (func (export "globals") (param $a i32) (result i64)
    (global.set $g (i32.add (global.get $g) (local.get $a)))
    (global.set $g64 (i64.mul (global.get $g64) (i64.extend_i32_s (global.get $g))))
    (i64.add (global.get $g64) (i64.extend_i32_u (global.get $g))))

  (func (export "i32_ops") (param $a i32) (param $b i32) (result i64)
    (local $h i32)
    (local.set $h (i32.xor (i32.clz (local.get $a)) (i32.shl (i32.ctz (local.get $b)) (i32.const 8))))
    (local.set $h (i32.add (i32.rotl (local.get $h) (i32.const 7)) (i32.popcnt (local.get $a))))
    (local.set $h (i32.xor (local.get $h) (i32.rotr (local.get $a) (local.get $b))))
    (local.set $h (i32.add (local.get $h) (i32.shr_s (local.get $a) (local.get $b))))
    (local.set $h (i32.add (local.get $h) (i32.shr_u (local.get $a) (local.get $b))))
    (local.set $h (i32.add (local.get $h) (i32.shl (local.get $a) (local.get $b))))
    (local.set $h (i32.add (local.get $h) (i32.lt_s (local.get $a) (local.get $b))))
    (local.set $h (i32.add (local.get $h) (i32.ge_u (local.get $a) (i32.const -5))))
    (local.set $h (i32.add (local.get $h) (i32.gt_s (local.get $a) (i32.const -5))))
    (local.set $h (i32.add (local.get $h) (i32.shr_s (local.get $a) (i32.const 33))))
    (local.set $h (i32.add (local.get $h) (i32.extend8_s (local.get $a))))
    (local.set $h (i32.add (local.get $h) (i32.extend16_s (local.get $b))))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $h)) (i64.const 32))
            (i64.extend_i32_u (i32.eqz (local.get $b)))))
  (func (export "i64_ops") (param $a i64) (param $b i64) (result i64)
    (local $h i64)
    (local.set $h (i64.xor (i64.clz (local.get $a)) (i64.shl (i64.ctz (local.get $b)) (i64.const 8))))
    (local.set $h (i64.add (i64.rotl (local.get $h) (i64.const 7)) (i64.popcnt (local.get $a))))
    (local.set $h (i64.xor (local.get $h) (i64.rotr (local.get $a) (local.get $b))))
    (local.set $h (i64.add (local.get $h) (i64.shr_s (local.get $a) (local.get $b))))
    (local.set $h (i64.add (local.get $h) (i64.shr_u (local.get $a) (local.get $b))))
    (local.set $h (i64.add (local.get $h) (i64.extend_i32_u (i64.lt_s (local.get $a) (local.get $b)))))
    (local.set $h (i64.add (local.get $h) (i64.extend8_s (local.get $a))))
    (local.set $h (i64.add (local.get $h) (i64.extend16_s (local.get $b))))
    (local.set $h (i64.add (local.get $h) (i64.extend32_s (local.get $a))))
    (i64.add (local.get $h) (i64.extend_i32_u (i64.eqz (local.get $b)))))
  ;; i64 operations on constants that fit a sign-extended 32-bit immediate, and some that do not.
  (func (export "i64_immediates") (param $a i64) (result i64)
    (i64.add
      (i64.add (i64.add (local.get $a) (i64.const -1)) (i64.mul (local.get $a) (i64.const 0x7fffffff)))
      (i64.add
        (i64.xor (local.get $a) (i64.const 0x80000000))
        (i64.add
          (i64.and (local.get $a) (i64.const -256))
          (i64.add
            (i64.sub (i64.shr_s (local.get $a) (i64.const 65)) (i64.const -2147483648))
            (i64.add
              (i64.extend_i32_u (i64.lt_u (local.get $a) (i64.const -5)))
              (i64.add (i64.extend_i32_u (i64.ge_u (local.get $a) (i64.const 0xffffffff)))
                       (i64.or (i64.shl (local.get $a) (i64.const 3))
                               (i64.extend_i32_u (i64.eq (local.get $a) (i64.const 20)))))))))))
  (func (export "i32_div") (param $a i32) (param $b i32) (result i32)
    (i32.add (i32.add (i32.div_s (local.get $a) (local.get $b)) (i32.div_u (local.get $a) (local.get $b)))
             (i32.add (i32.rem_s (local.get $a) (local.get $b)) (i32.rem_u (local.get $a) (local.get $b)))))
  (func (export "i32_rem_s") (param $a i32) (param $b i32) (result i32)
    (i32.rem_s (local.get $a) (local.get $b)))
  (func (export "i64_div") (param $a i64) (param $b i64) (result i64)
    (i64.add (i64.add (i64.div_s (local.get $a) (local.get $b)) (i64.div_u (local.get $a) (local.get $b)))
             (i64.add (i64.rem_s (local.get $a) (local.get $b)) (i64.rem_u (local.get $a) (local.get $b)))))
  (func (export "i64_rem_s") (param $a i64) (param $b i64) (result i64)
    (i64.rem_s (local.get $a) (local.get $b)))

  (func (export "f64_ops") (param $a f64) (param $b f64) (result f64)
    (f64.add
      (f64.add (f64.min (local.get $a) (local.get $b)) (f64.max (local.get $a) (local.get $b)))
      (f64.add
        (f64.add (f64.nearest (local.get $a)) (f64.trunc (local.get $a)))
        (f64.add (f64.ceil (local.get $b)) (f64.floor (local.get $b))))))
  (func (export "f64_min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
  (func (export "f64_max") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1)))
  (func (export "f64_nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
  (func (export "f64_misc") (param $a f64) (param $b f64) (result f64)
    (f64.div
      (f64.mul (f64.copysign (f64.sqrt (f64.abs (local.get $a))) (local.get $b)) (f64.neg (local.get $b)))
      (f64.sub (local.get $a) (f64.const 0.5))))
  (func (export "f64_compare") (param $a f64) (param $b f64) (result i32)
    (i32.or (i32.or (i32.or (f64.eq (local.get $a) (local.get $b))
                            (i32.shl (f64.ne (local.get $a) (local.get $b)) (i32.const 1)))
                    (i32.or (i32.shl (f64.lt (local.get $a) (local.get $b)) (i32.const 2))
                            (i32.shl (f64.gt (local.get $a) (local.get $b)) (i32.const 3))))
            (i32.or (i32.shl (f64.le (local.get $a) (local.get $b)) (i32.const 4))
                    (i32.shl (f64.ge (local.get $a) (local.get $b)) (i32.const 5)))))
  (func (export "f32_ops") (param $a f32) (param $b f32) (result f32)
    (f32.add
      (f32.add (f32.min (local.get $a) (local.get $b)) (f32.max (local.get $a) (local.get $b)))
      (f32.add
        (f32.add (f32.nearest (local.get $a)) (f32.trunc (local.get $a)))
        (f32.mul (f32.div (f32.ceil (local.get $b)) (f32.floor (local.get $b)))
                 (f32.copysign (f32.sqrt (f32.abs (local.get $a))) (f32.neg (local.get $b)))))))
  (func (export "f32_min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
  (func (export "f32_nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
  (func (export "f32_compare") (param $a f32) (param $b f32) (result i32)
    (i32.or (i32.or (f32.lt (local.get $a) (local.get $b))
                    (i32.shl (f32.ge (local.get $a) (local.get $b)) (i32.const 1)))
            (i32.shl (f32.ne (local.get $a) (local.get $b)) (i32.const 2))))
  (func (export "conversions") (param $a i64) (param $x f64) (result f64)
    (f64.add
      (f64.add (f64.convert_i64_s (local.get $a)) (f64.convert_i64_u (local.get $a)))
      (f64.add
        (f64.add (f64.convert_i32_s (i32.wrap_i64 (local.get $a)))
                 (f64.convert_i32_u (i32.wrap_i64 (local.get $a))))
        (f64.add
          (f64.promote_f32 (f32.add (f32.convert_i64_u (local.get $a)) (f32.convert_i32_s (i32.wrap_i64 (local.get $a)))))
          (f64.promote_f32 (f32.demote_f64 (local.get $x)))))))
  (func (export "reinterpret") (param $a i64) (result i64)
    (i64.add (i64.reinterpret_f64 (f64.reinterpret_i64 (local.get $a)))
             (i64.extend_i32_u (i32.reinterpret_f32 (f32.reinterpret_i32 (i32.wrap_i64 (local.get $a)))))))
  (func (export "i32_trunc_f64_s") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "i32_trunc_f64_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
  (func (export "i64_trunc_f64_s") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
  (func (export "i64_trunc_f64_u") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
  (func (export "i32_trunc_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "i32_trunc_f32_u") (param f32) (result i32) (i32.trunc_f32_u (local.get 0)))
  (func (export "i64_trunc_f32_s") (param f32) (result i64) (i64.trunc_f32_s (local.get 0)))
  (func (export "i64_trunc_f32_u") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))

  ;; Many parameters of mixed types, passed through a call.
  (func $mix (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64) (result i64)
    (i64.add (i64.add (i64.extend_i32_u (local.get 0)) (local.get 1))
      (i64.add (i64.add (i64.reinterpret_f64 (f64.promote_f32 (local.get 2))) (i64.reinterpret_f64 (local.get 3)))
        (i64.add (i64.add (i64.extend_i32_s (local.get 4)) (local.get 5))
          (i64.add (i64.add (i64.extend_i32_u (i32.reinterpret_f32 (local.get 6))) (i64.trunc_f64_s (local.get 7)))
                   (i64.sub (i64.extend_i32_u (local.get 8)) (local.get 9)))))))
  (func (export "many_params") (param $a i32) (param $b i64) (result i64)
    (call $mix (local.get $a) (local.get $b) (f32.const 1.5) (f64.const -2.25) (i32.const -1)
               (i64.const 77) (f32.const 3) (f64.const 12.75) (local.get $a) (i64.const 5)))
)
