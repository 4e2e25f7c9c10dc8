;; A PVF that reads relay-chain storage: PVFs have none, so the host function fails and the
;; candidate is invalid (polkadot-sdk: "all storage externalities panic").
(module
  (import "env" "ext_storage_get_version_1" (func $get (param i64) (result i64)))
  (memory (export "memory") 17)
  (global (export "__heap_base") i32 (i32.const 65536))
  (func (export "validate_block") (param i32 i32) (result i64)
    (call $get (i64.const 0))))
