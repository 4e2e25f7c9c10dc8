;; A shared memory and an atomic load: refused.
(module
  (memory 1 1 shared)
  (func (export "load") (result i32) (i32.atomic.load (i32.const 0)))
)
