;; memory.fill from the bulk-memory proposal: refused.
(module
  (memory 1)
  (func (export "fill") (memory.fill (i32.const 0) (i32.const 7) (i32.const 16)))
)
