;; Fixed-width SIMD: refused.
(module
  (memory 1)
  (func (export "lanes") (result i32)
    (i32x4.extract_lane 2 (v128.const i32x4 1 2 3 4)))
)
