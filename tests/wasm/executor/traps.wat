;; Every way an MVP function can trap, plus loops and recursion for the fuel and stack limits.
(module
  (memory 1)
  (type $returns_i32 (func (result i32)))
  (type $takes_i32_returns_i32 (func (param i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $seven $takes_i64)
  (elem (i32.const 3) $recurse_indirect)

  (func $seven (result i32) (i32.const 7))
  (func $takes_i64 (param i64))

  (func (export "unreachable") (unreachable))
  (func (export "load_out_of_bounds") (result i32) (i32.load (i32.const -4)))
  (func (export "store_out_of_bounds") (i64.store offset=0xFFFFFFF0 (i32.const 0) (i64.const 1)))
  (func (export "divide_by_zero") (param $x i32) (result i32)
    (i32.div_u (local.get $x) (i32.const 0)))
  (func (export "integer_overflow") (result i32)
    (i32.div_s (i32.const 0x80000000) (i32.const -1)))
  (func (export "invalid_conversion") (result i32) (i32.trunc_f32_s (f32.const nan)))
  ;; Slot 0 works, 1 has another type, 2 is empty, 4 and above lie outside the table.
  (func (export "call_indirect") (param $slot i32) (result i32)
    (call_indirect (type $returns_i32) (local.get $slot)))

  (func (export "infinite_loop") (loop $forever (br $forever)))
  (func (export "count_to") (param $n i64) (result i64)
    (local $i i64)
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.get $i))

  ;; Stack cost 6 in the limiter's model (the `else` branch is counted on top of the `then` value).
  (func $recurse (export "recurse") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1)
                     (call $recurse (i32.sub (local.get $n) (i32.const 1)))))))
  (func $forever (export "recurse_forever") (call $forever))
  ;; Recursion through the table: thunks count these calls.
  (func $recurse_indirect (export "recurse_indirect") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1)
                     (call_indirect (type $takes_i32_returns_i32)
                       (i32.sub (local.get $n) (i32.const 1)) (i32.const 3))))))

  (func (export "sign_extend") (param i32) (result i32) (i32.extend8_s (local.get 0)))
  (func (export "identity_f64") (param f64) (result f64) (local.get 0))
)
