;; A PVF importing a function the host does not offer: it instantiates (missing imports are
;; stubs, allow_missing_func_imports), and calling it fails the candidate.
(module
  (import "env" "ext_offchain_timestamp_version_1" (func $now (result i64)))
  (memory (export "memory") 17)
  (global (export "__heap_base") i32 (i32.const 65536))
  (func (export "validate_block") (param i32 i32) (result i64)
    (call $now)))
