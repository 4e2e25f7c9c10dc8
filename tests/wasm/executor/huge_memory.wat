;; Declares the whole 4 GiB address space: with any heap pages on top it cannot be instantiated.
(module
  (memory 65536)
  (global (export "__heap_base") i32 (i32.const 0))
  (func (export "pages") (result i32) (memory.size))
)
