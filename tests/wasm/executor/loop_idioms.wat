;; The fill and copy loops of a runtime's memset and memcpy (as rustc's compiler_builtins compiles
;; them for wasm32), which the optimizing tier recognizes (executor/optimizing/loop_idioms.hpp),
;; and near misses it must leave alone. Each export takes (dst, src or value, length), runs one
;; loop from dst to dst + length and returns its registers packed as (pointer << 32) | value; the
;; tests also compare the whole memory afterwards (2 pages, no heap pages).
(module
  (memory (export "memory") 2)
  ;; Bytes that differ at the start and the end of the memory, so that a copy's order shows.
  (data (i32.const 0)
    "\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd"
    "\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d"
    "\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d"
    "\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd"
    "\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d"
    "\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd"
    "\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d"
    "\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d"
    "\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4"
    "\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44"
    "\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4"
    "\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04"
    "\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64"
    "\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4"
    "\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24"
    "\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84"
    "\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb"
    "\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b"
    "\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab"
    "\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b"
    "\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b"
    "\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb"
    "\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b"
    "\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b"
    "\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2"
    "\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52"
    "\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2"
    "\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12"
    "\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72"
    "\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2"
    "\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32"
    "\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92"
    "\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9"
    "\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59"
    "\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9"
    "\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19"
    "\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79"
    "\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9"
    "\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39"
    "\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99"
    "\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00"
    "\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60"
    "\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0"
    "\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20"
    "\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80"
    "\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0"
    "\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40"
    "\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0"
    "\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07"
    "\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67"
    "\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7"
    "\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27"
    "\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87"
    "\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7"
    "\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47"
    "\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7"
    "\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e"
    "\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e"
    "\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce"
    "\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e"
    "\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e"
    "\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee"
    "\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e"
    "\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae"
    "\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15"
    "\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75"
    "\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5"
    "\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35"
    "\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95"
    "\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5"
    "\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55"
    "\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5"
    "\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c"
    "\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c"
    "\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc"
    "\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c"
    "\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c"
    "\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc"
    "\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c"
    "\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc"
    "\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23"
    "\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83"
    "\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3"
    "\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43"
    "\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3"
    "\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03"
    "\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63"
    "\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3"
    "\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a"
    "\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a"
    "\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea"
    "\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a"
    "\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa"
    "\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a"
    "\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a"
    "\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca"
    "\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31"
    "\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91"
    "\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1"
    "\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51"
    "\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1"
    "\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11"
    "\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71"
    "\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1"
    "\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38"
    "\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98"
    "\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8"
    "\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58"
    "\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8"
    "\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18"
    "\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78"
    "\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8"
    "\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f"
    "\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f"
    "\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff"
    "\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f"
    "\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf"
    "\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f"
    "\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f"
    "\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df"
    "\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46"
    "\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6"
    "\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06"
    "\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66"
    "\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6"
    "\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26"
    "\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86"
    "\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6")
  (data (i32.const 126976)
    "\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd"
    "\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d"
    "\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d"
    "\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd"
    "\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d"
    "\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd"
    "\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d"
    "\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d"
    "\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4"
    "\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44"
    "\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4"
    "\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04"
    "\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64"
    "\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4"
    "\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24"
    "\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84"
    "\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb"
    "\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b"
    "\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab"
    "\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b"
    "\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b"
    "\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb"
    "\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b"
    "\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b"
    "\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2"
    "\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52"
    "\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2"
    "\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12"
    "\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72"
    "\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2"
    "\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32"
    "\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92"
    "\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9"
    "\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59"
    "\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9"
    "\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19"
    "\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79"
    "\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9"
    "\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39"
    "\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99"
    "\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00"
    "\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60"
    "\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0"
    "\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20"
    "\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80"
    "\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0"
    "\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40"
    "\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0"
    "\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07"
    "\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67"
    "\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7"
    "\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27"
    "\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87"
    "\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7"
    "\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47"
    "\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7"
    "\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e"
    "\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e"
    "\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce"
    "\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e"
    "\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e"
    "\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee"
    "\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e"
    "\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae"
    "\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15"
    "\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75"
    "\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5"
    "\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35"
    "\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95"
    "\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5"
    "\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55"
    "\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5"
    "\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c"
    "\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c"
    "\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc"
    "\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c"
    "\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c"
    "\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc"
    "\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c"
    "\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc"
    "\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23"
    "\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83"
    "\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3"
    "\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43"
    "\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3"
    "\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03"
    "\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63"
    "\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3"
    "\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a"
    "\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a"
    "\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea"
    "\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a"
    "\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa"
    "\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a"
    "\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a"
    "\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca"
    "\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31"
    "\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91"
    "\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1"
    "\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51"
    "\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1"
    "\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11"
    "\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71"
    "\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1"
    "\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38"
    "\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98"
    "\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8"
    "\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58"
    "\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8"
    "\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18"
    "\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78"
    "\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8"
    "\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f"
    "\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f"
    "\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff"
    "\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f"
    "\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf"
    "\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f"
    "\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f"
    "\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df"
    "\69\ec\6f\f2\75\f8\7b\fe\81\04\87\0a\8d\10\93\16\99\1c\9f\22\a5\28\ab\2e\b1\34\b7\3a\bd\40\c3\46"
    "\c9\4c\cf\52\d5\58\db\5e\e1\64\e7\6a\ed\70\f3\76\f9\7c\ff\82\05\88\0b\8e\11\94\17\9a\1d\a0\23\a6"
    "\29\ac\2f\b2\35\b8\3b\be\41\c4\47\ca\4d\d0\53\d6\59\dc\5f\e2\65\e8\6b\ee\71\f4\77\fa\7d\00\83\06"
    "\89\0c\8f\12\95\18\9b\1e\a1\24\a7\2a\ad\30\b3\36\b9\3c\bf\42\c5\48\cb\4e\d1\54\d7\5a\dd\60\e3\66"
    "\e9\6c\ef\72\f5\78\fb\7e\01\84\07\8a\0d\90\13\96\19\9c\1f\a2\25\a8\2b\ae\31\b4\37\ba\3d\c0\43\c6"
    "\49\cc\4f\d2\55\d8\5b\de\61\e4\67\ea\6d\f0\73\f6\79\fc\7f\02\85\08\8b\0e\91\14\97\1a\9d\20\a3\26"
    "\a9\2c\af\32\b5\38\bb\3e\c1\44\c7\4a\cd\50\d3\56\d9\5c\df\62\e5\68\eb\6e\f1\74\f7\7a\fd\80\03\86"
    "\09\8c\0f\92\15\98\1b\9e\21\a4\27\aa\2d\b0\33\b6\39\bc\3f\c2\45\c8\4b\ce\51\d4\57\da\5d\e0\63\e6")

  ;; memset's word loop: i32.store, p += 4, br_if p <u end.
  (func (export "fill32") (param $p i32) (param $v i32) (param $len i32) (result i64)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (loop $l
      local.get $p
      local.get $v
      i32.store
      local.get $p
      i32.const 4
      i32.add
      local.tee $p
      local.get $end
      i32.lt_u
      br_if $l)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32))
            (i64.extend_i32_u (local.get $v))))

  ;; memset's byte loop, with a store offset.
  (func (export "fill8_offset") (param $p i32) (param $v i32) (param $len i32) (result i64)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (loop $l
      local.get $p
      local.get $v
      i32.store8 offset=3
      local.get $p
      i32.const 1
      i32.add
      local.tee $p
      local.get $end
      i32.lt_u
      br_if $l)
    (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32)))

  ;; An i64 fill of a value whose bytes differ (no memset).
  (func (export "fill64") (param $p i32) (param $v i32) (param $len i32) (result i64)
    (local $end i32)
    (local $w i64)
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (local.set $w (i64.or (i64.shl (i64.extend_i32_u (local.get $v)) (i64.const 32))
                          (i64.const 0x0102)))
    (loop $l
      local.get $p
      local.get $w
      i64.store
      local.get $p
      i32.const 8
      i32.add
      local.tee $p
      local.get $end
      i32.lt_u
      br_if $l)
    (i64.extend_i32_u (local.get $p)))

  ;; memcpy's aligned word loop: x = load [s]; store [d] = x; s += 4; d += 4; br_if d <u end.
  (func (export "copy32") (param $d i32) (param $s i32) (param $len i32) (result i64)
    (local $end i32)
    (local $x i32)
    (local.set $end (i32.add (local.get $d) (local.get $len)))
    (loop $l
      local.get $d
      local.get $s
      i32.load
      local.tee $x
      i32.store
      local.get $s
      i32.const 4
      i32.add
      local.set $s
      local.get $d
      i32.const 4
      i32.add
      local.tee $d
      local.get $end
      i32.lt_u
      br_if $l)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $d)) (i64.const 32))
            (i64.extend_i32_u (i32.xor (local.get $x) (local.get $s)))))

  ;; memcpy's byte loop, offsets on both accesses, the branch on the source pointer.
  (func (export "copy8_by_source") (param $d i32) (param $s i32) (param $len i32) (result i64)
    (local $end i32)
    (local $x i32)
    (local.set $end (i32.add (local.get $s) (local.get $len)))
    (loop $l
      local.get $d
      local.get $s
      i32.load8_u offset=2
      local.tee $x
      i32.store8 offset=5
      local.get $d
      i32.const 1
      i32.add
      local.set $d
      local.get $s
      i32.const 1
      i32.add
      local.tee $s
      local.get $end
      i32.lt_u
      br_if $l)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $d)) (i64.const 32))
            (i64.extend_i32_u (i32.add (local.get $x) (local.get $s)))))

  ;; A near miss: the pointer steps by 8 over 4-byte stores (not contiguous).
  (func (export "strided_fill") (param $p i32) (param $v i32) (param $len i32) (result i64)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (loop $l
      local.get $p
      local.get $v
      i32.store
      local.get $p
      i32.const 8
      i32.add
      local.tee $p
      local.get $end
      i32.lt_u
      br_if $l)
    (i64.extend_i32_u (local.get $p)))

  ;; A near miss: a sign-extending byte load (the stored byte is the same, but the value left in
  ;; x is not a zero-extension).
  (func (export "copy8_signed") (param $d i32) (param $s i32) (param $len i32) (result i64)
    (local $end i32)
    (local $x i32)
    (local.set $end (i32.add (local.get $d) (local.get $len)))
    (loop $l
      local.get $d
      local.get $s
      i32.load8_s
      local.tee $x
      i32.store8
      local.get $s
      i32.const 1
      i32.add
      local.set $s
      local.get $d
      i32.const 1
      i32.add
      local.tee $d
      local.get $end
      i32.lt_u
      br_if $l)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $d)) (i64.const 32))
            (i64.extend_i32_u (local.get $x))))
)
