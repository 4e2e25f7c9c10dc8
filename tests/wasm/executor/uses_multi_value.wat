;; Two results: refused.
(module
  (memory 1)
  (func (export "pair") (result i32 i32) (i32.const 1) (i32.const 2))
)
