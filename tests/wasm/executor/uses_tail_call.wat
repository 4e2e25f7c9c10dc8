;; return_call: refused.
(module
  (memory 1)
  (func $target (result i32) (i32.const 1))
  (func (export "jump") (result i32) (return_call $target))
)
