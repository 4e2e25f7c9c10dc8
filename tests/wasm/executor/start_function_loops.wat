;; A start function that never returns: instantiation must still end, given a budget.
(module
  (memory 1)
  (func $start (loop $forever (br $forever)))
  (start $start)
  (func (export "never_reached"))
)
