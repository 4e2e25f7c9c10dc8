;; Non-trapping float-to-int conversion: outside MVP + sign-extension, refused.
(module
  (memory 1)
  (func (export "convert") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
)
