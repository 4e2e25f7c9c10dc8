;; ref.null and a second table from the reference-types proposal: refused.
(module
  (memory 1)
  (table 1 funcref)
  (table 1 externref)
  (func (export "is_null") (result i32) (ref.is_null (ref.null extern)))
)
