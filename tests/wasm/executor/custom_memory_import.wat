;; A memory imported under another name: accepted, like sc-executor does, and provided by the host.
(module
  (import "outside" "heap" (memory 3))
  (global (export "__heap_base") i32 (i32.const 0))
  (func (export "pages") (result i32) (memory.size))
)
