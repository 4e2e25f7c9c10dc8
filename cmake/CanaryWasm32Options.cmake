# Code generation of all wasm32 code (the wasm32 sub-build includes this before its targets):
#  - MVP + mutable globals: what every Polkadot host accepts. clang-19's defaults add
#    reference-types (whose call_indirect encoding the executor refuses) and sign-extension (which
#    smoldot, and chopsticks built on it, refuse);
#  - no exceptions, no RTTI;
#  - static objects are never destroyed: a runtime instance ends without exit hooks.
add_compile_options(-mcpu=mvp -mmutable-globals
  $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions>
  $<$<COMPILE_LANGUAGE:CXX>:-fno-rtti>
  $<$<COMPILE_LANGUAGE:CXX>:-fno-c++-static-destructors>)
