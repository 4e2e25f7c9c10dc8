;; No memory at all: not a runtime (sc-executor refuses it too).
(module
  (func (export "nothing"))
)
